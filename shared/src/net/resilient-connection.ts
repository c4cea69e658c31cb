import type { PcmChunk } from '../audio/chunker.ts';
import {
  FrameKind,
  decodeAudioFrame,
  encodeAudioFrame,
  encodeMessage,
  parseServerMessage,
} from '../protocol/codec.ts';
import {
  CloseCode,
  PROTOCOL_VERSION,
  type ClientMessage,
  type HelloMessage,
  type ReadyMessage,
} from '../protocol/messages.ts';
import {
  ConnectError,
  type ConnectionState,
  type OfflineState,
  type ResilientConnectionOptions,
} from './connection-options.ts';
import { DeadlineError, withDeadline } from './deadline.ts';
import { Heartbeat, type RoundTrip } from './heartbeat.ts';
import {
  closeKind,
  DEFAULT_RECONNECT,
  nextReconnectDelayMs,
  ticketErrorKind,
  type LossKind,
} from './reconnect-policy.ts';
import { Downlink } from './downlink.ts';
import { SOCKET_OPEN, type SocketLike } from './socket-like.ts';
import { UplinkJournal, type UplinkItem } from './uplink-journal.ts';

export type { SocketLike } from './socket-like.ts';
export { ConnectError } from './connection-options.ts';
export type {
  ConnectionEvents,
  ConnectionState,
  OfflineState,
  ResilientConnectionOptions,
} from './connection-options.ts';

/**
 * One conversation's connection to the relay that survives network loss: heartbeats detect dead
 * (half-open) sockets, every step of a reconnect has a deadline, reconnects follow the
 * {@link ReconnectPolicy} (a steady pace while the relay cannot be reached, exponential backoff
 * with full jitter while it refuses), and each reconnect resumes the same session — the relay
 * resends turn output the client missed, the client replays microphone audio and utterance
 * messages the relay had not acknowledged (kept in an {@link UplinkJournal} while disconnected).
 * Works with the browser's WebSocket and with `ws` in Node; time, randomness and timers are
 * injectable for tests.
 */
export class ResilientConnection {
  private socket: SocketLike | null = null;
  private readonly journal: UplinkJournal;
  private readonly heartbeat: Heartbeat;
  private readonly downlink = new Downlink();
  private session: { id: string; secret: string } | null = null;
  /** Backoff attempts since the connection was lost. */
  private attempt = 0;
  /** Attempts since the connection was lost, all kinds (what the user is shown). */
  private tries = 0;
  /** Bumped by every attempt and by `close`: an older attempt's await finds it changed. */
  private attemptId = 0;
  /** An attempt is getting its ticket (no socket yet). */
  private fetchingTicket = false;
  private lostAt: number | null = null;
  private timers: unknown[] = [];
  private heartbeatTimer: unknown = null;
  private closedByUser = false;
  private live = false;
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly setTimer: (fn: () => void, ms: number) => unknown;
  private readonly clearTimer: (handle: unknown) => void;
  private firstReady: { resolve: (r: ReadyMessage) => void; reject: (e: Error) => void } | null =
    null;
  /** Round trips measured so far (bounded), for the latency panel. */
  readonly roundTrips: RoundTrip[] = [];
  /** Reconnects that resumed the session. */
  resumes = 0;
  /** Sockets opened after the first one. */
  reconnects = 0;
  private sockets = 0;

  constructor(private readonly o: ResilientConnectionOptions) {
    this.journal = new UplinkJournal(o.replayCapacityChunks ?? 300);
    this.heartbeat = new Heartbeat(o.heartbeatMs ?? 5000, 2);
    this.now = o.now ?? (() => Date.now());
    this.random = o.random ?? Math.random;
    this.setTimer = o.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
    this.clearTimer = o.clearTimer ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout>));
  }

  /** Chunks the relay has not acknowledged yet. */
  get unackedChunks(): number {
    return this.journal.unackedChunks;
  }

  /** Bytes waiting in the current socket's send buffer. */
  get bufferedBytes(): number {
    return this.socket?.bufferedAmount ?? 0;
  }

  /** Chunks lost because the journal overflowed during a long outage. */
  get lostChunks(): number {
    return this.journal.overflowed;
  }

  /** Microphone chunks kept for a resend at most (older ones are lost: `lostChunks`). */
  get replayCapacityChunks(): number {
    return this.journal.capacityChunks;
  }

  /** Typed messages kept until their turn is answered (sent again after a reconnect). */
  get unansweredTyped(): number {
    return this.journal.unansweredTyped;
  }

  /** The session's id once the relay accepted it (null before). */
  get sessionId(): string | null {
    return this.session?.id ?? null;
  }

  /** Connects and resolves with the first `ready`; rejects if that first attempt fails. */
  start(): Promise<ReadyMessage> {
    return new Promise((resolve, reject) => {
      this.firstReady = { resolve, reject };
      void this.connect();
    });
  }

  /**
   * Sends a control message; utterance and typed messages are journaled so none is lost (sent
   * again after a reconnect until the relay has them).
   */
  send(message: ClientMessage): void {
    if (
      message.type === 'utterance.start' ||
      message.type === 'utterance.end' ||
      message.type === 'utterance.cancel' ||
      message.type === 'user.text'
    ) {
      this.journal.record({ kind: 'message', message });
    }
    if (!this.live) return;
    this.socket?.send(encodeMessage(message));
    // The user started or stopped speaking: a path that died now is noticed within a pong
    // timeout, not up to two heartbeat intervals later, while the user waits for an answer.
    if (message.type === 'utterance.start' || message.type === 'utterance.end') this.ping();
  }

  /** Sends a microphone chunk (or keeps it for later while disconnected). */
  sendChunk(chunk: PcmChunk, turnId: number, timestampMs: number): void {
    this.journal.record({ kind: 'audio', turnId, chunk, timestampMs });
    if (this.live) this.sendAudio(chunk, turnId, timestampMs);
  }

  /** Reconnect now (e.g. the browser came back online or the tab became visible). */
  reconnectNow(): void {
    if (this.closedByUser || this.live || this.socket || this.fetchingTicket) return;
    this.clearTimers();
    void this.connect();
  }

  /** Ends the conversation: the relay closes the session at once. */
  close(): void {
    this.closedByUser = true;
    this.live = false;
    this.attemptId++;
    this.clearTimers();
    this.stopHeartbeat();
    const s = this.socket;
    this.socket = null;
    s?.close(CloseCode.Normal, 'user ended the conversation');
  }

  private async connect(): Promise<void> {
    if (this.closedByUser) return;
    const id = ++this.attemptId;
    this.emitState({ kind: 'connecting' });
    let ticket: string;
    this.fetchingTicket = true;
    try {
      const ms = this.o.ticketTimeoutMs ?? 5000;
      const timers = { setTimer: this.setTimer, clearTimer: this.clearTimer };
      ticket = await withDeadline('ticket', ms, timers, (signal) => this.o.getTicket(signal));
    } catch (err) {
      if (id !== this.attemptId) return;
      this.fetchingTicket = false;
      const kind = err instanceof DeadlineError ? 'refused' : ticketErrorKind(err);
      this.lost(
        `ticket: ${err instanceof Error ? err.message : String(err)}`,
        kind,
        undefined,
        err,
      );
      return;
    }
    // The user may have ended the call (or another attempt begun) while the ticket was coming.
    if (id !== this.attemptId) return;
    this.fetchingTicket = false;
    this.open(ticket);
  }

  private open(ticket: string): void {
    const socket = this.o.openSocket(this.o.url);
    if (this.sockets++ > 0) this.reconnects++;
    socket.binaryType = 'arraybuffer';
    this.socket = socket;
    const handshake = this.setTimer(() => {
      if (this.socket === socket && !this.live)
        this.abandon(socket, 'the relay did not answer in time', 'refused');
    }, this.o.handshakeTimeoutMs ?? 10_000);
    this.timers.push(handshake);
    socket.onopen = () => socket.send(encodeMessage(this.hello(ticket)));
    socket.onmessage = (ev) => this.onData(socket, ev.data);
    socket.onerror = () => undefined;
    socket.onclose = (ev) => {
      if (this.socket !== socket) return;
      const kind = closeKind(ev.code, this.live);
      this.dropSocket(socket, ev.reason || `closed (${ev.code})`, kind, ev.code);
    };
  }

  private hello(ticket: string): HelloMessage {
    return {
      type: 'hello',
      protocol: PROTOCOL_VERSION,
      ticket,
      ...this.o.hello,
      ...(this.session
        ? {
            resume: {
              sessionId: this.session.id,
              secret: this.session.secret,
              lastSeq: this.downlink.lastSeq,
            },
          }
        : {}),
    };
  }

  private onData(socket: SocketLike, data: unknown): void {
    if (this.socket !== socket) return;
    this.heartbeat.heard(this.now());
    if (data instanceof ArrayBuffer) {
      const frame = decodeAudioFrame(data, FrameKind.Reply);
      const kept = frame.ok ? this.downlink.audio(frame.value) : null;
      if (kept) this.o.events.onAudio?.(kept);
      return;
    }
    if (typeof data !== 'string') return;
    const parsed = parseServerMessage(data);
    if (!parsed.ok) return;
    const m = parsed.value;
    switch (m.type) {
      case 'ready':
        this.onReady(m);
        return;
      case 'pong':
        this.onPong(m.id, m.serverTimeMs);
        return;
      case 'ack':
        this.journal.ack(m.seq);
        return;
      default:
        break;
    }
    const kept = this.downlink.message(m);
    if (!kept) return;
    this.o.events.onMessage?.(kept);
    // The turn's output is all here: say so now, so the relay lets go of its copy (a whole
    // reply's audio) at once rather than at the next heartbeat, seconds later.
    if (m.type === 'turn.done') {
      this.journal.answered(m.turnId);
      this.ping();
    }
  }

  private onPong(id: number, serverTimeMs: number): void {
    const rt = this.heartbeat.pong(id, serverTimeMs, this.now());
    if (!rt) return;
    this.roundTrips.push(rt);
    if (this.roundTrips.length > 500) this.roundTrips.shift();
    this.o.events.onRoundTrip?.(rt);
  }

  private onReady(m: ReadyMessage): void {
    const resumed = this.session !== null && m.resumed;
    if (!m.resumed) this.downlink.reset();
    this.session = { id: m.sessionId, secret: m.resumeSecret };
    this.live = true;
    this.attempt = 0;
    this.tries = 0;
    this.lostAt = null;
    if (resumed) this.resumes++;
    this.journal.ack(m.ackedSeq);
    // Whatever the relay has not acknowledged goes again, in order; it drops duplicates.
    for (const item of this.journal.replay()) this.replayItem(item);
    this.startHeartbeat();
    this.emitState({ kind: 'connected', resumed });
    this.o.events.onReady?.(m);
    this.firstReady?.resolve(m);
    this.firstReady = null;
  }

  private replayItem(item: UplinkItem): void {
    if (item.kind === 'audio') this.sendAudio(item.chunk, item.turnId, item.timestampMs);
    else this.socket?.send(encodeMessage(item.message));
  }

  private sendAudio(chunk: PcmChunk, turnId: number, timestampMs: number): void {
    if (this.socket?.readyState !== SOCKET_OPEN) return;
    this.socket.send(
      encodeAudioFrame({
        kind: FrameKind.Mic,
        seq: chunk.seq,
        turnId,
        timestampMs,
        samples: chunk.samples,
      }),
    );
  }

  private startHeartbeat(): void {
    this.stopHeartbeat();
    this.heartbeat.reset();
    // Silence is looked for often: detection is as fine as this (a timer, nothing sent).
    const tickMs = Math.min(250, Math.max(50, Math.floor(this.heartbeat.intervalMs / 4)));
    let dueAt = this.now();
    const tick = () => {
      const socket = this.socket;
      if (!socket || !this.live) return;
      const now = this.now();
      const action = this.heartbeat.check(now, now - dueAt > tickMs);
      // Half-open or stalled: the network ate the socket without telling us.
      if (action === 'dead') {
        this.abandon(socket, 'no answer from the relay', 'dropped');
        return;
      }
      if (action === 'ping') this.ping();
      dueAt = now + tickMs;
      this.heartbeatTimer = this.setTimer(tick, tickMs);
    };
    tick();
  }

  /** A heartbeat; what the client has of the turn output rides along (no need to keep it). */
  private ping(): void {
    const socket = this.socket;
    if (socket?.readyState !== SOCKET_OPEN || !this.live) return;
    const now = this.now();
    const id = this.heartbeat.ping(now);
    socket.send(
      encodeMessage({ type: 'ping', id, clientTimeMs: now, receivedSeq: this.downlink.lastSeq }),
    );
  }

  private stopHeartbeat(): void {
    if (this.heartbeatTimer !== null) this.clearTimer(this.heartbeatTimer);
    this.heartbeatTimer = null;
  }

  /**
   * Gives up on a socket that does not answer and goes on without it. Its close frame may reach
   * the relay long after (it waits behind whatever the path holds): it says "abandoned", which
   * leaves the session waiting for this client's resume.
   */
  private abandon(socket: SocketLike, reason: string, kind: LossKind): void {
    socket.close(CloseCode.Abandoned, reason);
    this.dropSocket(socket, reason, kind);
  }

  private dropSocket(socket: SocketLike, reason: string, kind: LossKind, code?: number): void {
    if (this.socket !== socket) return;
    socket.onopen = socket.onmessage = socket.onclose = null;
    // Still listened to: `ws` (Node) reports closing a socket that is still connecting as an
    // error event after this, and an error event nobody listens to crashes the process.
    socket.onerror = () => undefined;
    this.socket = null;
    this.live = false;
    this.stopHeartbeat();
    this.lost(reason, kind, code);
  }

  private lost(reason: string, kind: LossKind, code?: number, cause?: unknown): void {
    if (this.closedByUser) return;
    if (kind === 'fatal' || (this.firstReady && this.session === null)) {
      const state: OfflineState = {
        kind: 'offline',
        reason,
        loss: kind,
        ...(code === undefined ? {} : { code }),
        ...(cause === undefined ? {} : { cause }),
      };
      this.emitState(state);
      this.firstReady?.reject(new ConnectError(state));
      this.firstReady = null;
      this.clearTimers();
      return;
    }
    this.lostAt ??= this.now();
    const delay = nextReconnectDelayMs(
      {
        kind,
        attempt: this.attempt,
        elapsedMs: this.now() - this.lostAt,
        visible: this.o.visible?.() ?? true,
        random: this.random,
      },
      this.o.reconnect ?? DEFAULT_RECONNECT,
    );
    if (delay === null) {
      this.emitState({
        kind: 'offline',
        reason: `gave up reconnecting: ${reason}`,
        loss: kind,
        gaveUp: true,
      });
      return;
    }
    // Tries that cannot reach a relay do not load one: they do not grow the backoff.
    if (kind === 'dropped' || kind === 'refused') this.attempt++;
    this.tries++;
    this.emitState({ kind: 'reconnecting', attempt: this.tries, nextInMs: delay, reason });
    this.timers.push(this.setTimer(() => void this.connect(), delay));
  }

  private clearTimers(): void {
    for (const t of this.timers) this.clearTimer(t);
    this.timers = [];
  }

  private emitState(state: ConnectionState): void {
    this.o.events.onState?.(state);
  }
}
