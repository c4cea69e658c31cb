import type { ErrorMessage, ReadyMessage, RoundTrip, ServerMessage } from '@parley/shared';
import type {
  CallState,
  MicState,
  NetworkSample,
  TraceUpdate,
  TurnFigures,
  UplinkState,
} from './call-state.ts';
import type { ControlsState } from './controls-state.ts';
import type { StartFailure } from './failure-text.ts';

/** The relay connection, as the page shows it (`reconnecting` says when the next attempt is). */
export type ConnectionEvent =
  | { status: 'idle' | 'connecting' | 'unreachable' | 'offline' }
  | { status: 'connected'; resumed: boolean }
  | { status: 'reconnecting'; attempt: number; nextInMs: number };

/** The user's turn: begun (spoken, text ''), its words so far, or its final words (typed too). */
export interface TranscriptEvent {
  turnId: number;
  text: string;
  final: boolean;
}

/**
 * A turn's fate that is not words: dropped (a misfire, or a typed message that could not be
 * sent), or its reply cut by the user.
 */
export interface TurnEvent {
  kind: 'dropped' | 'interrupted';
  turnId: number;
}

/** What went wrong, for the page to show or report. */
export type ErrorEvent =
  /**
   * The call (or the typed conversation) could not start, or its connection ended for good;
   * `retry: 'call'` when a call's start is what to try again.
   */
  | { kind: 'start' | 'ended'; failure: StartFailure; retry: 'call' | null }
  /** An exception none expects (`what` failed): a bug, or a browser that cannot run the call. */
  | { kind: 'unexpected'; what: string; cause: unknown }
  /** The relay sent an `error` (before the message itself comes, as `message`). */
  | { kind: 'relay'; error: ErrorMessage };

/** Timing: per-turn marks and figures, round trips, the link's health (the latency panel). */
export type LatencyEvent =
  /** A new timeline: the call's traces, clock and samples start over. */
  | { kind: 'reset' }
  | { kind: 'trace'; turnId: number; update: TraceUpdate }
  | { kind: 'figures'; turnId: number; figures: Partial<TurnFigures> }
  | { kind: 'round-trip'; rt: RoundTrip }
  | { kind: 'network'; sample: NetworkSample }
  /** What the connection keeps for the relay while it is away (null: nothing). */
  | { kind: 'uplink'; uplink: UplinkState | null };

/** Loudness 0–1 of the microphone (each block) and of the reply (20 Hz while it speaks). */
export interface LevelEvent {
  source: 'mic' | 'assistant';
  level: number;
}

/**
 * The microphone's state (null: no call), or the input that took over: its label ('': the
 * system's default input). How long that is shown is the page's.
 */
export type MicEvent = { state: MicState | null } | { switchedTo: string };

/** The session of the conversation's connection. */
export type SessionEvent =
  /**
   * The relay accepted the session (each `ready`, a resume's too: `resumed`): its id, providers
   * and language (BCP 47; null: the relay named none).
   */
  | {
      kind: 'opened';
      sessionId: string;
      resumed: boolean;
      providers: ReadyMessage['providers'];
      language: string | null;
    }
  /** A call opened a session of its own (not a typed one it took over): its cost starts at 0. */
  | { kind: 'call-session' }
  /** A typed conversation's session opened: no call start is left to retry. */
  | { kind: 'typed-session' }
  /**
   * The tab's page before this one handed its conversation over (`endOnPageHide: false`): what
   * it was (a spoken call, or typed), and whether the user had muted it. Told before the
   * conversation is shown again; the session is being resumed.
   */
  | { kind: 'handed-over'; mode: 'call' | 'typed'; muted: boolean }
  /** The language the call's turns are taken in (BCP 47; null: the relay named none). */
  | { kind: 'language'; language: string | null }
  /** Whether the reply can be heard by the microphone (half) or not (full). */
  | { kind: 'duplex'; duplex: 'full' | 'half' }
  /** The stored conversation was continued, or refused for good: the next one is new. */
  | { kind: 'continued' | 'not-continued' }
  /** The connection was closed: no session. */
  | { kind: 'closed' };

/**
 * Where a call shows itself: one method per kind of event, called synchronously where it
 * happens, in order (the page's store is written in the order the call acts). The page's is
 * `storeSink` (web/src/call/store-sink.ts); a test records them.
 */
export interface CallSink {
  /** Where the conversation is (idle, starting, listening, …). */
  state(e: { phase: CallState }): void;
  connection(e: ConnectionEvent): void;
  /** Every relay message the call accepted, in order. */
  message(m: ServerMessage): void;
  transcript(e: TranscriptEvent): void;
  turn(e: TurnEvent): void;
  error(e: ErrorEvent): void;
  latency(e: LatencyEvent): void;
  level(e: LevelEvent): void;
  mic(e: MicEvent): void;
  /** Mute, push-to-talk, input mode, chosen and used devices. */
  controls(e: Partial<ControlsState>): void;
  session(e: SessionEvent): void;
}
