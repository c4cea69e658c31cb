import type { PcmChunk } from '../audio/chunker.ts';
import {
  FrameKind,
  decodeAudioFrame,
  encodeAudioFrame,
  encodeMessage,
  parseServerMessage,
  type AudioFrame,
} from '../protocol/codec.ts';
import {
  CloseCode,
  PROTOCOL_VERSION,
  type ClientMessage,
  type HelloMessage,
  type ReadyMessage,
  type ServerMessage,
} from '../protocol/messages.ts';
import { DEFAULT_BACKOFF, nextRetryDelayMs, type BackoffPolicy } from './backoff.ts';
import { Heartbeat, type RoundTrip } from './heartbeat.ts';
import { UplinkJournal, type UplinkItem } from './uplink-journal.ts';

/**
 * An event handler slot that both the DOM's and `ws`'s WebSocket types fit: declared through a
 * method so its parameter is checked bivariantly (each library types its events its own way).
 */
type Handler<E> = { bivarianceHack(ev: E): void }['bivarianceHack'] | null;

/** The part of a WebSocket this class uses: the browser's and the `ws` package's both fit. */
export interface SocketLike {
  binaryType: string;
  readonly readyState: number;
  onopen: Handler<unknown>;
  onmessage: Handler<{ data: unknown }>;
  onclose: Handler<{ code: number; reason: string }>;
  onerror: Handler<unknown>;
  send(data: string | Uint8Array<ArrayBuffer>): void;
  close(code?: number, reason?: string): void;
  /** Bytes queued for sending (browsers and `ws` have it). */
  readonly bufferedAmount?: number;
}

export type ConnectionState =
  | { kind: 'connecting' }
  | { kind: 'connected'; resumed: boolean }
  | { kind: 'reconnecting'; attempt: number; nextInMs: number; reason: string }
  | { kind: 'offline'; reason: string; code?: number };

export interface ConnectionEvents {
  /** The relay accepted the session (first time, or resumed after a reconnect). */
  onReady?(ready: ReadyMessage): void;
  /** A validated control message, duplicates of replayed turn output removed. */
  onMessage?(message: ServerMessage): void;
  /** A reply-audio frame, duplicates removed. */
  onAudio?(frame: AudioFrame): void;
  onState?(state: ConnectionState): void;
  /** A heartbeat round trip (RTT and a clock-offset sample). */
  onRoundTrip?(rt: RoundTrip): void;
}

export interface ResilientConnectionOptions {
  url: string;
  /** A fresh single-use ticket for each (re)connection. */
  getTicket(): Promise<string>;
  /** What the hello says besides the ticket and resume data. */
  hello: Omit<HelloMessage, 'type' | 'protocol' | 'ticket' | 'resume'>;
  openSocket(url: string): SocketLike;
  events: ConnectionEvents;
  /** Heartbeat interval (ms). Default 5,000; two missed pongs = dead. */
  heartbeatMs?: number;
  backoff?: BackoffPolicy;
  /** Whether the page is visible (a hidden tab gives up after the backoff's total). */
  visible?: () => boolean;
  /** Microphone chunks kept for replay. Default 300 (30 s). */
  replayCapacityChunks?: number;
  /** How long to wait for `ready` after opening (ms). Default 10,000. */
  handshakeTimeoutMs?: number;
  now?: () => number;
  random?: () => number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

/** Close codes after which reconnecting cannot help: the user or the page must act. */
const FATAL_CLOSE_CODES: ReadonlySet<number> = new Set([
  CloseCode.UnsupportedProtocol,
  CloseCode.SessionNotFound,
  CloseCode.Unauthorized,
  CloseCode.Forbidden,
  CloseCode.LimitExceeded,
  CloseCode.BudgetExceeded,
  CloseCode.MessageTooBig,
  CloseCode.TooManyErrors,
]);

const OPEN = 1;

/**
 * One conversation's connection to the relay that survives network loss: heartbeats detect dead
 * (half-open) sockets, reconnects follow exponential backoff with full jitter, and each
 * reconnect resumes the same session — the relay resends turn output the client missed, the
 * client replays microphone audio and utterance messages the relay had not acknowledged (kept
 * in an {@link UplinkJournal} while disconnected). Works with the browser's WebSocket and with
 * `ws` in Node; time, randomness and timers are injectable for tests.
 */
export class ResilientConnection {
  private socket: SocketLike | null = null;
  private readonly journal: UplinkJournal;
  private readonly heartbeat: Heartbeat;
  private session: { id: string; secret: string } | null = null;
  private lastSeq = -1;
  private attempt = 0;
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

  /** Whether the user ended the conversation (a getter, so it is re-read after awaits). */
  private get stopped(): boolean {
    return this.closedByUser;
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

  /** Sends a control message; utterance messages are journaled so none is lost. */
  send(message: ClientMessage): void {
    if (
      message.type === 'utterance.start' ||
      message.type === 'utterance.end' ||
      message.type === 'utterance.cancel'
    ) {
      this.journal.record({ kind: 'message', message });
    }
    if (this.live) this.socket?.send(encodeMessage(message));
  }

  /** Sends a microphone chunk (or keeps it for later while disconnected). */
  sendChunk(chunk: PcmChunk, turnId: number, timestampMs: number): void {
    this.journal.record({ kind: 'audio', turnId, chunk, timestampMs });
    if (this.live) this.sendAudio(chunk, turnId, timestampMs);
  }

  /** Reconnect now (e.g. the browser came back online or the tab became visible). */
  reconnectNow(): void {
    if (this.closedByUser || this.live || this.socket) return;
    this.clearTimers();
    void this.connect();
  }

  /** Ends the conversation: the relay closes the session at once. */
  close(): void {
    this.closedByUser = true;
    this.live = false;
    this.clearTimers();
    this.stopHeartbeat();
    const s = this.socket;
    this.socket = null;
    s?.close(CloseCode.Normal, 'user ended the conversation');
  }

  private async connect(): Promise<void> {
    if (this.closedByUser) return;
    this.emitState({ kind: 'connecting' });
    let ticket: string;
    try {
      ticket = await this.o.getTicket();
    } catch (err) {
      this.lost(
        `ticket: ${err instanceof Error ? err.message : String(err)}`,
        isFatalTicketError(err),
      );
      return;
    }
    // The user may have ended the call while the ticket was on its way.
    if (this.stopped) return;
    const socket = this.o.openSocket(this.o.url);
    if (this.sockets++ > 0) this.reconnects++;
    socket.binaryType = 'arraybuffer';
    this.socket = socket;
    const handshake = this.setTimer(() => {
      if (this.socket === socket && !this.live) {
        socket.close();
        this.dropSocket(socket, 'the relay did not answer in time');
      }
    }, this.o.handshakeTimeoutMs ?? 10_000);
    this.timers.push(handshake);
    socket.onopen = () => {
      const hello: HelloMessage = {
        type: 'hello',
        protocol: PROTOCOL_VERSION,
        ticket,
        ...this.o.hello,
        ...(this.session
          ? {
              resume: {
                sessionId: this.session.id,
                secret: this.session.secret,
                lastSeq: this.lastSeq,
              },
            }
          : {}),
      };
      socket.send(encodeMessage(hello));
    };
    socket.onmessage = (ev) => this.onData(socket, ev.data);
    socket.onerror = () => undefined;
    socket.onclose = (ev) => {
      if (this.socket !== socket) return;
      const fatal = FATAL_CLOSE_CODES.has(ev.code);
      this.dropSocket(socket, ev.reason || `closed (${ev.code})`, fatal, ev.code);
    };
  }

  private onData(socket: SocketLike, data: unknown): void {
    if (this.socket !== socket) return;
    this.heartbeat.heard(this.now());
    if (data instanceof ArrayBuffer) {
      const frame = decodeAudioFrame(data, FrameKind.Reply);
      if (!frame.ok || frame.value.seq <= this.lastSeq) return;
      this.lastSeq = frame.value.seq;
      this.o.events.onAudio?.(frame.value);
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
      case 'pong': {
        const rt = this.heartbeat.pong(m.id, m.serverTimeMs, this.now());
        if (rt) {
          this.roundTrips.push(rt);
          if (this.roundTrips.length > 500) this.roundTrips.shift();
          this.o.events.onRoundTrip?.(rt);
        }
        return;
      }
      case 'ack':
        this.journal.ack(m.seq);
        return;
      case 'transcript.final':
      case 'reply.delta':
      case 'reply.segment':
      case 'reply.truncated':
      case 'turn.done':
        if (m.seq <= this.lastSeq) return; // replayed: already handled
        this.lastSeq = m.seq;
        break;
      default:
        break;
    }
    this.o.events.onMessage?.(m);
    // The turn's output is all here: say so now, so the relay lets go of its copy (a whole
    // reply's audio) at once rather than at the next heartbeat, seconds later.
    if (m.type === 'turn.done') this.ping();
  }

  private onReady(m: ReadyMessage): void {
    const resumed = this.session !== null && m.resumed;
    if (!m.resumed) this.lastSeq = -1;
    this.session = { id: m.sessionId, secret: m.resumeSecret };
    this.live = true;
    this.attempt = 0;
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
    if (this.socket?.readyState !== OPEN) return;
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
    const interval = this.heartbeat.intervalMs;
    const tick = () => {
      const socket = this.socket;
      if (!socket || !this.live) return;
      const now = this.now();
      if (this.heartbeat.dead(now)) {
        // Half-open: the network ate the socket without telling us.
        socket.close();
        this.dropSocket(socket, 'no answer from the relay');
        return;
      }
      if (this.heartbeat.due(now)) this.ping();
      this.heartbeatTimer = this.setTimer(tick, Math.max(250, Math.floor(interval / 4)));
    };
    tick();
  }

  /** A heartbeat; what the client has of the turn output rides along (no need to keep it). */
  private ping(): void {
    const socket = this.socket;
    if (socket?.readyState !== OPEN || !this.live) return;
    const now = this.now();
    const id = this.heartbeat.ping(now);
    socket.send(encodeMessage({ type: 'ping', id, clientTimeMs: now, receivedSeq: this.lastSeq }));
  }

  private stopHeartbeat(): void {
    if (this.heartbeatTimer !== null) this.clearTimer(this.heartbeatTimer);
    this.heartbeatTimer = null;
  }

  private dropSocket(socket: SocketLike, reason: string, fatal = false, code?: number): void {
    if (this.socket !== socket) return;
    socket.onopen = socket.onmessage = socket.onclose = null;
    // Still listened to: `ws` (Node) reports closing a socket that is still connecting as an
    // error event after this, and an error event nobody listens to crashes the process.
    socket.onerror = () => undefined;
    this.socket = null;
    this.live = false;
    this.stopHeartbeat();
    this.lost(reason, fatal, code);
  }

  private lost(reason: string, fatal: boolean, code?: number): void {
    if (this.closedByUser) return;
    if (fatal || (this.firstReady && this.session === null)) {
      this.emitState({ kind: 'offline', reason, ...(code === undefined ? {} : { code }) });
      this.firstReady?.reject(new Error(reason));
      this.firstReady = null;
      this.clearTimers();
      return;
    }
    this.lostAt ??= this.now();
    const delay = nextRetryDelayMs(
      {
        attempt: this.attempt,
        elapsedMs: this.now() - this.lostAt,
        visible: this.o.visible?.() ?? true,
        random: this.random,
      },
      this.o.backoff ?? DEFAULT_BACKOFF,
    );
    if (delay === null) {
      this.emitState({ kind: 'offline', reason: `gave up reconnecting: ${reason}` });
      return;
    }
    this.attempt++;
    this.emitState({ kind: 'reconnecting', attempt: this.attempt, nextInMs: delay, reason });
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

/** A refused ticket (401/403) will be refused again: reconnecting cannot help. */
function isFatalTicketError(err: unknown): boolean {
  return (
    typeof err === 'object' &&
    err !== null &&
    'status' in err &&
    (err.status === 401 || err.status === 403)
  );
}
