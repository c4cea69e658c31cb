import type { PcmChunk } from '../audio/chunker.ts';
import { FrameKind, encodeMessage, parseServerMessage } from '../protocol/codec.ts';
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
import { decodeWireFrame } from '../protocol/opus-frame.ts';
import { DeadlineError, withDeadline } from './deadline.ts';
import type { RoundTrip } from './heartbeat.ts';
import { HeartbeatLoop } from './heartbeat-loop.ts';
import {
  closeKind,
  DEFAULT_RECONNECT,
  nextReconnectDelayMs,
  ticketErrorKind,
  type LossKind,
} from './reconnect-policy.ts';
import { sendUplink, ClientResume } from './client-resume.ts';
import type { SocketLike } from './socket-like.ts';

/** How many times the first connection is tried again after a step the page was late for. */
export const LATE_START_RETRIES = 2;

/**
 * One conversation's connection to the relay that survives network loss: heartbeats detect dead
 * (half-open) sockets, every step of a reconnect has a deadline, reconnects follow the
 * {@link ReconnectPolicy} (a steady pace while the relay cannot be reached, exponential backoff
 * with full jitter while it refuses), and each reconnect resumes the same session — the relay
 * resends turn output the client missed, the client replays microphone audio and utterance
 * messages the relay had not acknowledged (see {@link ClientResume}).
 * Works with the browser's WebSocket and with `ws` in Node; time, randomness and timers are
 * injectable for tests.
 */
export class ResilientConnection {
  private socket: SocketLike | null = null;
  private readonly heartbeat: HeartbeatLoop;
  /** Backoff attempts since the connection was lost. */
  private attempt = 0;
  /** Attempts since the connection was lost, all kinds (what the user is shown). */
  private tries = 0;
  /** Bumped by every attempt and by `close`: an older attempt's await finds it changed. */
  private attemptId = 0;
  /** An attempt is getting its ticket (no socket yet). */
  private fetchingTicket = false;
  /** Late steps of the first connection tried again (see {@link lost}). */
  private lateRetries = 0;
  private lostAt: number | null = null;
  private timers: unknown[] = [];
  private closedByUser = false;
  private live = false;
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly setTimer: (fn: () => void, ms: number) => unknown;
  private readonly clearTimer: (handle: unknown) => void;
  private firstReady: { resolve: (r: ReadyMessage) => void; reject: (e: Error) => void } | null =
    null;
  /** Round trips measured so far (bounded), for the latency panel. */
  readonly roundTrips: RoundTrip[];
  /** Reconnects that resumed the session. */
  resumes = 0;
  /** Sockets opened after the first one. */
  reconnects = 0;
  private sockets = 0;
  /** Reply audio comes as Opus (the relay chose it in `ready`). */
  private replyOpus = false;

  /**
   * `resume`: what the session resumes from (a new session's by default; the page before's, in
   * `HandOffConnection`).
   */
  constructor(
    private readonly o: ResilientConnectionOptions,
    protected readonly resume = new ClientResume(o.replayCapacityChunks ?? 300),
  ) {
    this.now = o.now ?? (() => Date.now());
    this.random = o.random ?? Math.random;
    this.setTimer = o.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
    this.clearTimer = o.clearTimer ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout>));
    this.heartbeat = new HeartbeatLoop({
      intervalMs: o.heartbeatMs ?? 5000,
      now: this.now,
      setTimer: this.setTimer,
      clearTimer: this.clearTimer,
      liveSocket: () => (this.live ? this.socket : null),
      receivedSeq: () => this.resume.lastSeq,
      onDead: (socket) => this.abandon(socket, 'no answer from the relay', 'dropped'),
      onRoundTrip: (rt) => this.o.events.onRoundTrip?.(rt),
    });
    this.roundTrips = this.heartbeat.roundTrips;
  }

  /** Chunks the relay has not acknowledged yet. */
  get unackedChunks(): number {
    return this.resume.unackedChunks;
  }

  /** Bytes waiting in the current socket's send buffer. */
  get bufferedBytes(): number {
    return this.socket?.bufferedAmount ?? 0;
  }

  /** Chunks lost because the journal overflowed during a long outage. */
  get lostChunks(): number {
    return this.resume.lostChunks;
  }

  /** Microphone chunks kept for a resend at most (older ones are lost: `lostChunks`). */
  get replayCapacityChunks(): number {
    return this.resume.replayCapacityChunks;
  }

  /** Typed messages kept until their turn is answered (sent again after a reconnect). */
  get unansweredTyped(): number {
    return this.resume.unansweredTyped;
  }

  /** The session's id once the relay accepted it (null before). */
  get sessionId(): string | null {
    return this.resume.sessionId;
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
    this.resume.keepMessage(message);
    if (!this.live) return;
    this.socket?.send(encodeMessage(message));
    // The user started or stopped speaking: a path that died now is noticed within a pong
    // timeout, not up to two heartbeat intervals later, while the user waits for an answer.
    if (message.type === 'utterance.start' || message.type === 'utterance.end')
      this.heartbeat.ping();
  }

  /**
   * Sends a microphone chunk (or keeps it for later while disconnected): as its Opus `packets`
   * when given (the relay agreed to Opus up), else as PCM16.
   */
  sendChunk(
    chunk: PcmChunk,
    turnId: number,
    timestampMs: number,
    packets?: readonly Uint8Array[],
  ): void {
    const item = {
      kind: 'audio',
      turnId,
      chunk,
      timestampMs,
      ...(packets ? { packets } : {}),
    } as const;
    this.resume.keepAudio(item);
    if (this.live) sendUplink(this.socket, item);
  }

  /** Reconnect now (e.g. the browser came back online or the tab became visible). */
  reconnectNow(): void {
    if (this.closedByUser || this.live || this.socket || this.fetchingTicket) return;
    this.clearTimers();
    void this.connect();
  }

  /** Ends the conversation: the relay closes the session at once. */
  close(): void {
    this.end(CloseCode.Normal, 'user ended the conversation');
  }

  /** Closes the socket with `code` and tries nothing more. */
  protected end(code: CloseCode, reason: string): void {
    this.closedByUser = true;
    this.live = false;
    this.attemptId++;
    this.clearTimers();
    this.heartbeat.stop();
    const s = this.socket;
    this.socket = null;
    s?.close(code, reason);
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
      const late = err instanceof DeadlineError;
      this.lost(`ticket: ${err instanceof Error ? err.message : String(err)}`, {
        kind: late ? 'refused' : ticketErrorKind(err),
        cause: err,
        late,
      });
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
        this.abandon(socket, 'the relay did not answer in time', 'refused', true);
    }, this.o.handshakeTimeoutMs ?? 10_000);
    this.timers.push(handshake);
    socket.onopen = () => socket.send(encodeMessage(this.hello(ticket)));
    socket.onmessage = (ev) => this.onData(socket, ev.data);
    socket.onerror = () => undefined;
    socket.onclose = (ev) => {
      if (this.socket !== socket) return;
      this.dropSocket(socket, ev.reason || `closed (${ev.code})`, closeKind(ev.code, this.live), {
        code: ev.code,
        // The relay had no hello in time: the page was too busy to send it.
        late: ev.code === CloseCode.HandshakeTimeout,
      });
    };
  }

  private hello(ticket: string): HelloMessage {
    const resume = this.resume.helloResume();
    return {
      type: 'hello',
      protocol: PROTOCOL_VERSION,
      ticket,
      ...this.o.hello,
      ...(resume ? { resume } : {}),
    };
  }

  private onData(socket: SocketLike, data: unknown): void {
    if (this.socket !== socket) return;
    this.heartbeat.heard();
    if (data instanceof ArrayBuffer) {
      const frame = decodeWireFrame(data, FrameKind.Reply, { opus: this.replyOpus });
      const kept = frame.ok ? this.resume.audio(frame.value) : null;
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
        this.heartbeat.pong(m.id, m.serverTimeMs);
        return;
      case 'ack':
        this.resume.ack(m.seq);
        return;
      default:
        break;
    }
    const kept = this.resume.message(m);
    if (!kept) return;
    this.o.events.onMessage?.(kept);
    // The turn's output is all here: say so now, so the relay lets go of its copy (a whole
    // reply's audio) at once rather than at the next heartbeat, seconds later.
    if (m.type === 'turn.done') {
      this.resume.answered(m.turnId);
      this.heartbeat.ping();
    }
  }

  private onReady(m: ReadyMessage): void {
    const resumed = this.resume.ready(m);
    this.replyOpus = m.codecs?.down === 'opus';
    this.live = true;
    this.attempt = 0;
    this.tries = 0;
    this.lostAt = null;
    if (resumed) this.resumes++;
    // Whatever the relay has not acknowledged goes again, in order; it drops duplicates.
    for (const item of this.resume.replay()) sendUplink(this.socket, item);
    this.heartbeat.start();
    this.emitState({ kind: 'connected', resumed });
    this.o.events.onReady?.(m);
    this.firstReady?.resolve(m);
    this.firstReady = null;
  }

  /**
   * Gives up on a socket that does not answer and goes on without it. Its close frame may reach
   * the relay long after (it waits behind whatever the path holds): it says "abandoned", which
   * leaves the session waiting for this client's resume.
   */
  private abandon(socket: SocketLike, reason: string, kind: LossKind, late = false): void {
    socket.close(CloseCode.Abandoned, reason);
    this.dropSocket(socket, reason, kind, { late });
  }

  private dropSocket(
    socket: SocketLike,
    reason: string,
    kind: LossKind,
    more: { code?: number; late?: boolean } = {},
  ): void {
    if (this.socket !== socket) return;
    socket.onopen = socket.onmessage = socket.onclose = null;
    // Still listened to: `ws` (Node) reports closing a socket that is still connecting as an
    // error event after this, and an error event nobody listens to crashes the process.
    socket.onerror = () => undefined;
    this.socket = null;
    this.live = false;
    this.heartbeat.stop();
    this.lost(reason, { kind, ...more });
  }

  /**
   * A connection (or an attempt) ended. The first one's end fails `start` at once — unless it
   * was `late`: a step timed out (the ticket, the handshake, the relay's wait for the hello)
   * while the page was too busy to take it, which says nothing of the relay, and a try at once
   * gets through ({@link LATE_START_RETRIES} times).
   */
  private lost(
    reason: string,
    loss: { kind: LossKind; code?: number; cause?: unknown; late?: boolean },
  ): void {
    if (this.closedByUser) return;
    const { kind, code, cause } = loss;
    const starting = this.firstReady !== null && !this.resume.started;
    if (starting && kind !== 'fatal' && loss.late && this.lateRetries < LATE_START_RETRIES) {
      this.lateRetries++;
      this.timers.push(this.setTimer(() => void this.connect(), 0));
      return;
    }
    if (kind === 'fatal' || starting) {
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
