/**
 * What the widget needs of a call: the part of `@parley/client`'s `ParleyCall`
 * (docs/design/client-package.md §3.2) that a talk button, live words, mute, end and a text box
 * use. The names and payloads are §3.2's, word for word, so that the package's `ParleyCall`
 * satisfies {@link WidgetCall} as it is, with no adapter (see call-port.types.test.ts). The
 * widget declares this port rather than importing the package: the loader stays small, and the
 * call's bundle (VAD, onnxruntime, Opus) is fetched only at the first press of Talk.
 */

/** Where the conversation is, from the user's point of view (§3.2's `CallPhase`). */
export type CallPhase =
  'idle' | 'starting' | 'listening' | 'user-speaking' | 'thinking' | 'speaking';

/** How a turn ended (`turn.done`): answered, nothing heard, failed, stopped before its end. */
export type TurnStatus = 'completed' | 'empty' | 'failed' | 'cancelled';

/** Why a call (or a typed conversation) could not start, or ended (§3.2's `StartFailure`). */
export type StartFailure =
  /** Nothing answered (or a gateway with no relay behind it). */
  | { kind: 'unreachable' }
  /** The relay wants a sign-in token (the ticket exchange answered 401). */
  | { kind: 'needs-token' }
  /** The microphone could not be opened: typing goes on. */
  | { kind: 'mic'; failure: 'denied' | 'missing' | 'busy' }
  /** The relay refused, in words meant for the user (a site not listed: `SITE_NOT_ALLOWED_MESSAGE`). */
  | { kind: 'refused'; text: string }
  /** A connection kept trying until it gave up: the conversation is closed. */
  | { kind: 'gave-up' }
  /** The relay closed the socket without a word for the user. */
  | { kind: 'not-started' }
  /** The page may not use the microphone (an insecure origin: no `navigator.mediaDevices`). */
  | { kind: 'insecure' }
  /** The voice detector could not be loaded (`reason`: why, in the browser's words). */
  | { kind: 'vad-failed'; reason: string };

/** The events of §3.2 the widget listens to, with §3.2's payloads. */
export interface WidgetCallEvents {
  /** Where the conversation is. */
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
  /** What went wrong, for the page to show or report. */
  error:
    | { kind: 'start' | 'ended'; failure: StartFailure; retry: 'call' | null }
    | { kind: 'relay'; code: string; message: string; retryable: boolean; turnId?: number }
    | { kind: 'unexpected'; what: string; cause: unknown };
  /** Loudness 0–1 of the microphone (each block) and of the reply (20 Hz while it speaks). */
  level: { source: 'mic' | 'assistant'; level: number };
  /**
   * The session (§3.2's kinds the widget reads by name): `handed-over`, the tab's page before
   * this one handed its conversation over, a spoken call or typed, muted or not (what follows
   * replaces the conversation shown: Back shows a page again with its own).
   */
  session:
    | { kind: 'handed-over'; mode: 'call' | 'typed'; muted: boolean }
    | { kind: 'opened' | 'providers' | 'duplex' | 'continued' | 'not-continued' | 'closed' };
}

/** The name of an event of {@link WidgetCallEvents}. */
export type WidgetCallEventName = keyof WidgetCallEvents;

/** The methods of §3.2's `ParleyCall` the widget calls. */
export interface WidgetCall {
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
  /** Listens; returns the function that stops listening. Listeners run synchronously. */
  on<E extends WidgetCallEventName>(
    event: E,
    listener: (e: WidgetCallEvents[E]) => void,
  ): () => void;
}

/** The options of §3.2's `ParleyCallOptions` the widget gives. */
export interface WidgetCallOptions {
  /** The relay: `https://relay.example` (its WebSocket is `…/ws`). */
  relayUrl: string;
  /** A fresh single-use ticket for each (re)connection. Gives up when `signal` aborts. */
  getTicket(signal: AbortSignal): Promise<string>;
  /**
   * BCP 47: the language the widget speaks and turn-taking reads until the relay says; a user
   * who saved no preferences is answered in it (the relay keeps it as theirs).
   */
  language?: string;
  /**
   * False (the widget's): a full page load within the site hands the session to the tab's next
   * page, which goes on with it.
   */
  endOnPageHide?: boolean;
}

/** §3.2's `createParleyCall`, as far as the widget uses it. */
export type CreateWidgetCall = (options: WidgetCallOptions) => WidgetCall;

/** Fetches the call's code (once: the first press of Talk) and hands its factory. */
export type LoadCall = () => Promise<CreateWidgetCall>;
