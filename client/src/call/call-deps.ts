import type {
  HandOffStorage,
  ReadyMessage,
  ReminderItem,
  ResilientConnection,
  SocketLike,
} from '@parley/shared';
import type { MicCapture } from '../audio/capture.ts';
import type { AudioPlayer } from '../audio/player.ts';
import type { AudioSessionLike } from '../audio/output-unlock.ts';
import type { VadEvent } from '../audio/vad.ts';
import type { VadHandle } from '../audio/vad-handle.ts';
import type { WakeLockLike } from '../audio/wake-lock.ts';
import type { MicAsker } from '../mic/gesture-mic.ts';
import type { DeviceEntry } from '../mic/input-device.ts';
import type { PermissionReader } from '../mic/mic-permission.ts';
import type { TurnTaker } from '../turn/turn-taker.ts';
import type { PrefsStorage } from './audio-prefs.ts';
import type { CallSink } from './call-sink.ts';
import type { CallSwitches } from './call-switches.ts';
import type { PageEnv } from './page-watch.ts';

/** The microphones and speakers (`navigator.mediaDevices`): asked for, listed, watched. */
export type CallDevices = MicAsker & EventTarget & { enumerateDevices(): Promise<DeviceEntry[]> };

/** The relay a call talks to. */
export interface RelayAccess {
  /** Its WebSocket address (`ws://host/ws`). */
  socketUrl(): string;
  /** A single-use ticket for the next connection; gives up when `signal` aborts. */
  ticket(signal: AbortSignal): Promise<string>;
  /** Opens a WebSocket to `url` (the browser's). */
  openSocket(url: string): SocketLike;
  /** A connection reached the relay. */
  reached(): void;
}

/** The page around a call: its lifecycle (see PageWatch), and the APIs the call's audio uses. */
export interface CallPage extends PageEnv {
  /** The Screen Wake Lock API (`navigator.wakeLock`), where there is one. */
  wakeLock?: WakeLockLike | undefined;
  /** The Audio Session API (`navigator.audioSession`, Safari), where there is one. */
  audioSession?: AudioSessionLike | undefined;
  /**
   * The tab's `sessionStorage`, where a page going away hands its session to the next page
   * (with `endOnPageHide: false`); none: nothing is handed over.
   */
  sessionStorage?: HandOffStorage | undefined;
}

/** What the page does with a due reminder (web/src/reminders). */
export interface PageReminders {
  /** The ids this page rang already, whoever told it (the relay, or a push). */
  rung: Set<string>;
  /** Rings one (aloud, and as a notification when out of sight); resolves when it is over. */
  ring(reminder: ReminderItem): Promise<void>;
}

/**
 * What a call reads of the page's conversation, when it needs it: the page's answers (its
 * transcript, its preferences), not the call's own state.
 */
export interface CallView {
  /** The id the next turn takes (turn ids keep increasing across calls in a page). */
  nextTurnId(): number;
  /** Whether a confirmation awaits the user's yes or no (turn-taking waits longer then). */
  questionOpen(): boolean;
  /** Replies to typed messages are spoken aloud ("Speak replies"). */
  speakReplies(): boolean;
  /** The stored conversation the next connection continues (null: a new one). */
  continuing(): { sessionId: string } | null;
}

/** Loads the voice activity detector (once per page); its events go to `onEvent`. */
export type VadLoader = (onEvent: (e: VadEvent) => void) => Promise<VadHandle>;

/**
 * Everything a call uses that is not its own: where it shows itself, what it reads of the
 * page's conversation, the browser's devices and audio, the relay, the page. `browserCallDeps`
 * gives the page's; a test gives its own.
 */
export interface CallDeps {
  /** Where the call shows itself (the page's store, through `storeSink`). */
  sink: CallSink;
  /** What the call reads of the page's conversation. */
  view: CallView;
  /** `navigator.mediaDevices`; undefined where the page may not use them (an insecure origin). */
  devices: CallDevices | undefined;
  /** Makes an AudioContext (called inside the user's tap, so that it may play). */
  audioContext(options: AudioContextOptions): AudioContext;
  relay: RelayAccess;
  page: CallPage;
  loadVad: VadLoader;
  switches: CallSwitches;
  /** Where the input mode and the chosen devices are remembered (null: nowhere). */
  storage: PrefsStorage | null;
  /** The Permissions API (`navigator.permissions`), where there is one. */
  permissions?: PermissionReader | undefined;
  /** Where the live call is shown to end-to-end tests and the curious (`window.__parley`). */
  debug?: CallDebug | undefined;
  /** How the page rings due reminders, and the ids it rang; none: a chime, each link alone. */
  reminders?: PageReminders | undefined;
  /**
   * BCP 47: whose words turn-taking reads when the relay's `ready` names none (default English);
   * said in `hello` (a user who saved no preferences gets it as theirs).
   */
  language?: string | undefined;
  /** The name and version the relay logs (`hello.client`); default `parley-web`. */
  client?: { name: string; version: string } | undefined;
  /**
   * Whether a page going away for good (`pagehide`) ends the session (default true). False (the
   * widget's choice, for a site whose pages are full page loads): the session is handed to the
   * tab's next page through `page.sessionStorage`, which resumes it and shows the conversation
   * again (docs/design/call-across-pages.md). An installed app's page keeps its session either
   * way (see PageWatch).
   */
  endOnPageHide?: boolean | undefined;
}

/** The page's debug window on its call (see debug-hooks.ts). */
export interface CallDebug {
  /** Shows the live call's parts. */
  expose(parts: CallDebugParts): void;
  /** Keeps one captured block's loudness (with `?levels=1`: see CallSwitches.keepLevels). */
  captureBlock(
    firstSample: number,
    capturedAtMs: number,
    level: number,
    samples: Float32Array,
  ): void;
}

/** What a call shows of itself to end-to-end tests (null: not there yet). */
export interface CallDebugParts {
  /** The call's AudioContext (its `sinkId` is the speaker in use). */
  context: AudioContext | null;
  player: AudioPlayer | null;
  capture: MicCapture | null;
  vad: VadHandle | null;
  ready: ReadyMessage | null;
  connection: ResilientConnection | null;
  turns: TurnTaker | null;
}
