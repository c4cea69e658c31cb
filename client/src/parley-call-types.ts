import type { ServerMessage } from '@parley/shared';
import type {
  CallState,
  MicState,
  NetworkSample,
  TraceUpdate,
  UplinkState,
} from './call/call-state.ts';
import type { CallDebug } from './call/call-deps.ts';
import type { CallSwitches } from './call/call-switches.ts';
import type { ControlsState, InputMode } from './call/controls-state.ts';
import type { StartFailure } from './call/failure-text.ts';
import type { ToolAnswer, TurnRetry } from './turn/typed-message.ts';
import type {
  BargeInRule,
  Eagerness,
  Providers,
  ReminderItem,
  RoundTrip,
  ToolEvent,
  TurnStatus,
} from './payload-types.ts';

/** Where the conversation is: idle, opening, listening, the user speaking, thinking, speaking. */
export type CallPhase = CallState;

/** Mute, push-to-talk, input mode, chosen and used devices. */
export type CallControlsState = ControlsState;

/** A stored conversation to continue: new turns are numbered after `lastTurnId`. */
export interface ContinueFrom {
  sessionId: string;
  lastTurnId: number;
}

/** What {@link ParleyCall} is made with (see `createParleyCall`). */
export interface ParleyCallOptions {
  /** The relay: `https://relay.example` (its WebSocket is `…/ws`) or a `ws(s)://…/ws` URL. */
  relayUrl: string;
  /**
   * A fresh single-use ticket for each (re)connection (the embedding site's backend calls
   * `POST /api/session` with its JWT). Gives up when `signal` aborts. Throw a `TicketError` to say
   * the relay refused: 401 → `error` `{ failure: { kind: 'needs-token' } }`.
   */
  getTicket(signal: AbortSignal): Promise<string>;
  /**
   * BCP 47: whose words turn-taking reads until the relay's `ready` names the user's. Said in
   * `hello` too: a user who saved no preferences is answered in it, and keeps it as theirs.
   */
  language?: string;
  /** The directory (URL ending in `/`) holding `vad/` (Silero model, onnxruntime's .wasm). */
  assetBaseUrl?: string | URL;
  /** Typed replies spoken aloud (outside a call). Default false. */
  speakReplies?: boolean;
  /** Where input mode and devices are remembered. Default `localStorage`; null: nowhere. */
  storage?: Pick<Storage, 'getItem' | 'setItem'> | null;
  /** Continue a stored conversation: new turns are numbered after `lastTurnId`. */
  continueFrom?: ContinueFrom;
  /**
   * End the session at `pagehide` (a full page load). Default true (an installed app's page keeps
   * it either way). False: the session is handed to the tab's next page through `sessionStorage`;
   * a call made there with the same relay resumes it and shows the conversation again.
   */
  endOnPageHide?: boolean;
  /** What this page does with a due reminder (rings it, remembers it rang). Default: a chime. */
  reminders?: { rung: Set<string>; ring(reminder: ReminderItem): Promise<void> };
  /** The name and version the relay logs (`hello.client`). Default `@parley/client` and ours. */
  client?: { name: string; version: string };
  /** Measurement switches (the app's `?rate=`, `?eot=`, `?codec=`…); not for embedders. */
  switches?: Partial<CallSwitches>;
  /** Where the live call's parts are shown (the app's `window.__parley`); unstable. */
  debug?: CallDebug;
}

/** A conversation with a Parley relay, spoken or typed (see `createParleyCall`). */
export interface ParleyCall {
  /** Opens the microphone and the session (or takes over the typed one). Call from a tap. */
  start(): Promise<void>;
  /** Ends whatever is open, spoken or typed; the relay closes the session (kept in history). */
  end(): void;
  /** Muted: nothing of the microphone is sent or heard. Lasts one call. */
  mute(muted?: boolean): void;
  /** Stops the reply now, as speaking over it does. */
  interrupt(): void;
  /** A typed turn, into the call or a typed conversation (opened if needed). False: not sent. */
  sendText(text: string): Promise<boolean>;
  /** A tap on Confirm / Decline of a `tool.confirm`, as a turn. */
  answer(answer: ToolAnswer): Promise<boolean>;
  /** A failed turn's question asked again (`turn.retry`). */
  retryTurn(retry: TurnRetry): Promise<boolean>;
  /** Push-to-talk, input mode, devices (remembered in `storage`). */
  readonly controls: {
    press(): void;
    release(): void;
    setInputMode(mode: InputMode): void;
    selectMic(deviceId: string | null): void;
    selectSpeaker(deviceId: string | null): void;
  };
  /** Reconnects now, skipping the backoff's wait. */
  reconnectNow(): void;
  /** Asks for the microphone back after it stopped (from a tap). */
  retryMic(): void;
  /** The user's preferences changed: applied to the call from now on. */
  setPreferences(p: { eagerness?: Eagerness; bargeIn?: BargeInRule; language?: string }): void;
  /** Typed replies spoken aloud (outside a call), from now on. */
  setSpeakReplies(on: boolean): void;
  /** The next connection continues this stored conversation (null: a new one). */
  continueFrom(c: ContinueFrom | null): void;
  /** Loads the voice detector now, ahead of the first start (events go nowhere). */
  warm(): Promise<void>;
  /** Listens; returns the function that stops listening. Listeners run synchronously. */
  on<E extends keyof ParleyCallEvents>(
    event: E,
    listener: (e: ParleyCallEvents[E]) => void,
  ): () => void;
}

/** The events of a {@link ParleyCall} and their payloads. */
export interface ParleyCallEvents {
  /** Where the conversation is (see CallPhase). */
  state: { phase: CallPhase };
  /** The relay connection. `reconnecting` says when the next attempt is. */
  connection:
    | { status: 'idle' | 'connecting' | 'unreachable' | 'offline' }
    | { status: 'connected'; resumed: boolean }
    | { status: 'reconnecting'; attempt: number; nextInMs: number };
  /** Words heard so far of the user's turn (they may change). */
  partial: { turnId: number; text: string };
  /** The user's turn: begun (spoken, text ''), typed (final), or its final words. */
  transcript: { turnId: number; text: string; final: boolean; typed: boolean };
  /** The assistant's reply: a delta, what was heard of a cut reply, or its end. */
  reply:
    | { kind: 'delta'; turnId: number; text: string }
    | { kind: 'truncated'; turnId: number; heard: string }
    | { kind: 'done'; turnId: number; status: TurnStatus; text: string };
  /** A turn's fate that is not words: dropped (a misfire), cut by the user. */
  turn: { kind: 'dropped' | 'interrupted'; turnId: number };
  /** A tool of the turn: called, ended, a confirmation asked or closed, a long wait. */
  tool: ToolEvent;
  /** What went wrong, for the page to show or report. */
  error:
    | { kind: 'start' | 'ended'; failure: StartFailure; retry: 'call' | null }
    | { kind: 'relay'; code: string; message: string; retryable: boolean; turnId?: number }
    | { kind: 'unexpected'; what: string; cause: unknown };
  /** Timing: per-turn marks, voice-to-voice, round trips, the link's health (the latency panel). */
  latency:
    | { kind: 'reset' }
    | { kind: 'trace'; turnId: number; update: TraceUpdate }
    | { kind: 'voice-to-voice'; turnId: number; ms: number }
    | { kind: 'round-trip'; rt: RoundTrip }
    | { kind: 'network'; sample: NetworkSample }
    | { kind: 'uplink'; uplink: UplinkState | null };
  /** Loudness 0–1 of the microphone (each block) and of the reply (20 Hz while it speaks). */
  level: { source: 'mic' | 'assistant'; level: number };
  /** The microphone's state (null: no call), or another input took over ('': the default). */
  mic: { state: MicState | null } | { switchedTo: string };
  /** Mute, push-to-talk, input mode, chosen and used devices. */
  controls: Partial<CallControlsState>;
  /**
   * The session: opened (or resumed), its providers, its language, the duplex found, continued
   * (or, `not-continued`, refused for good: the next connection opens a new one), closed; or
   * `handed-over`: the tab's page before this one handed its conversation over
   * (`endOnPageHide: false`), a spoken call or typed, muted or not — told once, at once, before
   * the conversation is shown again. Its session is resumed as a typed one: `start()` (from a
   * tap, unless the browser lets this page listen and play without one) goes on talking. Told
   * too when Back shows a page again after its conversation went to the page it came back
   * from: what is told after it replaces the conversation the page showed.
   */
  session:
    | {
        kind: 'opened';
        sessionId: string;
        resumed: boolean;
        providers: Providers;
        language: string | null;
      }
    | { kind: 'providers'; providers: Providers }
    | { kind: 'duplex'; duplex: 'full' | 'half' }
    | { kind: 'continued' | 'not-continued' | 'closed' }
    | { kind: 'handed-over'; mode: 'call' | 'typed'; muted: boolean };
  /** Every relay message the call accepted, in order (the protocol's own types). */
  message: ServerMessage;
}

/** The name of an event of {@link ParleyCallEvents}. */
export type ParleyCallEventName = keyof ParleyCallEvents;
