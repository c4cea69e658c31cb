import type { WireAudioFrame } from '../protocol/opus-frame.ts';
import type { HelloMessage, ReadyMessage, ServerMessage } from '../protocol/messages.ts';
import type { RoundTrip } from './heartbeat.ts';
import type { LossKind, ReconnectPolicy } from './reconnect-policy.ts';
import type { SocketLike } from './socket-like.ts';

/** The connection ended for good (it will not try again by itself). */
export interface OfflineState {
  kind: 'offline';
  /** What happened, for logs (a ticket failure is prefixed `ticket:`). */
  reason: string;
  /** The relay's close code, when it closed the socket. */
  code?: number;
  /** What the last loss was (see {@link LossKind}). */
  loss: LossKind;
  /** It kept trying until its reconnect policy gave up (the relay was away too long). */
  gaveUp?: boolean;
  /** The error behind it (a ticket request's), as thrown. */
  cause?: unknown;
}

export type ConnectionState =
  | { kind: 'connecting' }
  | { kind: 'connected'; resumed: boolean }
  | { kind: 'reconnecting'; attempt: number; nextInMs: number; reason: string }
  | OfflineState;

/** Why `ResilientConnection.start` failed: how its first attempt ended. */
export class ConnectError extends Error {
  override name = 'ConnectError';
  constructor(readonly state: OfflineState) {
    super(state.reason, state.cause === undefined ? undefined : { cause: state.cause });
  }
}

export interface ConnectionEvents {
  /** The relay accepted the session (first time, or resumed after a reconnect). */
  onReady?(ready: ReadyMessage): void;
  /**
   * A validated control message, duplicates of replayed turn output removed (and the output
   * of a turn answered a second time lined up with what was already received).
   */
  onMessage?(message: ServerMessage): void;
  /**
   * A reply-audio frame, duplicates removed (see `onMessage`): PCM16, or Opus packets when
   * `ready.codecs.down` says so (one Opus stream per turn, to decode in order).
   */
  onAudio?(frame: WireAudioFrame): void;
  onState?(state: ConnectionState): void;
  /** A heartbeat round trip (RTT and a clock-offset sample). */
  onRoundTrip?(rt: RoundTrip): void;
}

export interface ResilientConnectionOptions {
  url: string;
  /**
   * A fresh single-use ticket for each (re)connection. `signal` aborts when the request has
   * taken longer than `ticketTimeoutMs`: it must not ride a connection of a path that died (a
   * pooled keep-alive), and must give up when aborted.
   */
  getTicket(signal: AbortSignal): Promise<string>;
  /** What the hello says besides the ticket and resume data. */
  hello: Omit<HelloMessage, 'type' | 'protocol' | 'ticket' | 'resume'>;
  openSocket(url: string): SocketLike;
  events: ConnectionEvents;
  /** Heartbeat interval (ms). Default 5,000; two missed pongs = dead. */
  heartbeatMs?: number;
  /** When to try again after a loss (see {@link ReconnectPolicy}). */
  reconnect?: ReconnectPolicy;
  /** Whether the page is visible (a hidden tab gives up after the backoff's total). */
  visible?: () => boolean;
  /** Microphone chunks kept for replay. Default 300 (30 s). */
  replayCapacityChunks?: number;
  /** How long the ticket request may take (ms). Default 5,000. */
  ticketTimeoutMs?: number;
  /** How long to wait for `ready` after opening the socket (ms). Default 10,000. */
  handshakeTimeoutMs?: number;
  now?: () => number;
  random?: () => number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}
