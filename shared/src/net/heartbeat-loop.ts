import { encodeMessage } from '../protocol/codec.ts';
import { Heartbeat, type RoundTrip } from './heartbeat.ts';
import { SOCKET_OPEN, type SocketLike } from './socket-like.ts';

/** What the heartbeat of a `ResilientConnection` works with (its clock and timers). */
export interface HeartbeatLoopOptions {
  /** Interval between pings (ms). */
  intervalMs: number;
  now: () => number;
  setTimer: (fn: () => void, ms: number) => unknown;
  clearTimer: (handle: unknown) => void;
  /** The socket of the live session; null while there is none. */
  liveSocket: () => SocketLike | null;
  /** The last turn-output seq the client has (rides along on each ping). */
  receivedSeq: () => number;
  /** Nothing heard from the relay in time: the socket is dead (half-open or stalled). */
  onDead: (socket: SocketLike) => void;
  onRoundTrip: (rt: RoundTrip) => void;
}

/**
 * Carries out the {@link Heartbeat} of a connection's live socket: pings when one is due (or
 * when asked to), measures round trips from the pongs, and reports a socket that went silent.
 * The connection starts it when its session is live and stops it when the socket goes.
 */
export class HeartbeatLoop {
  private readonly heartbeat: Heartbeat;
  private timer: unknown = null;
  /** Round trips measured so far (bounded), for the latency panel. */
  readonly roundTrips: RoundTrip[] = [];

  constructor(private readonly o: HeartbeatLoopOptions) {
    this.heartbeat = new Heartbeat(o.intervalMs, 2);
  }

  /** Something arrived from the relay: it is alive. */
  heard(): void {
    this.heartbeat.heard(this.o.now());
  }

  start(): void {
    this.stop();
    this.heartbeat.reset();
    // Silence is looked for often: detection is as fine as this (a timer, nothing sent).
    const tickMs = Math.min(250, Math.max(50, Math.floor(this.heartbeat.intervalMs / 4)));
    let dueAt = this.o.now();
    const tick = () => {
      const socket = this.o.liveSocket();
      if (!socket) return;
      const now = this.o.now();
      const action = this.heartbeat.check(now, now - dueAt > tickMs);
      // Half-open or stalled: the network ate the socket without telling us.
      if (action === 'dead') {
        this.o.onDead(socket);
        return;
      }
      if (action === 'ping') this.ping();
      dueAt = now + tickMs;
      this.timer = this.o.setTimer(tick, tickMs);
    };
    tick();
  }

  /** A heartbeat; what the client has of the turn output rides along (no need to keep it). */
  ping(): void {
    const socket = this.o.liveSocket();
    if (socket?.readyState !== SOCKET_OPEN) return;
    const now = this.o.now();
    const id = this.heartbeat.ping(now);
    socket.send(
      encodeMessage({ type: 'ping', id, clientTimeMs: now, receivedSeq: this.o.receivedSeq() }),
    );
  }

  pong(id: number, serverTimeMs: number): void {
    const rt = this.heartbeat.pong(id, serverTimeMs, this.o.now());
    if (!rt) return;
    this.roundTrips.push(rt);
    if (this.roundTrips.length > 500) this.roundTrips.shift();
    this.o.onRoundTrip(rt);
  }

  stop(): void {
    if (this.timer !== null) this.o.clearTimer(this.timer);
    this.timer = null;
  }
}
