import type { RelayError } from '../../errors.ts';
import type { Logger } from '../../log/logger.ts';
import type { SpeechEndTimes } from '../../observability/speech-end-times.ts';
import type { TurnObserver } from '../../observability/turn-observer.ts';
import type { TurnPreferences } from '../../preferences/turn-preferences.ts';
import type { Providers } from '../../providers/stages/providers.ts';
import type { TtsProvider } from '../../providers/stages/tts.ts';
import type { Toolbox } from '../../tools/toolbox.ts';
import type { TurnTracker } from '../../watchdogs/turn-watch.ts';
import type { SessionBilling } from './billing.ts';
import type { ConversationHistory } from './conversation-history.ts';
import type { ResumeState } from '../wire/resume-state.ts';
import type { SessionTools } from '../tools/session-tools.ts';
import type { TurnOutputs } from './turn-output.ts';
import type { TurnRecorder } from './turn-recorder.ts';
import type { TurnTraces } from './turn-traces.ts';

/** What the turns of a session work with (the session's other parts, and what it decides). */
export interface TurnsDeps {
  sessionId: string;
  providers: Providers & { fallbackVoice?: TtsProvider };
  billing: SessionBilling;
  history: ConversationHistory;
  recorder: TurnRecorder;
  out: TurnOutputs;
  speechEnds: SpeechEndTimes;
  outputRateHz: number;
  /** Reply audio goes out as Opus at this bitrate (absent: PCM16). */
  opusReply?: { bitrate: number };
  timeZone: string | undefined;
  /** See `TurnOptions.lateFirstTokenMs` (absent: its default). */
  lateFirstTokenMs?: number;
  /**
   * The session's tools bound to its user, handed to the language model's requests (for the
   * offline responder, which runs them itself). Absent: none.
   */
  toolbox?: Toolbox;
  /** The user's preferences as turn `turnId` read them at its start (none: no preferences). */
  preferences?: (turnId: number) => Promise<TurnPreferences> | undefined;
  /** The tools each turn may call, and calls awaiting the user's yes. Absent: no tools. */
  tools?: Pick<SessionTools, 'of' | 'finished'>;
  /** Turn `turnId`'s logger (its turn and trace ids). */
  turnLog(turnId: number): Logger;
  /** Each turn's trace (absent: tracing is off). */
  traces?: Pick<TurnTraces, 'of' | 'end'>;
  now: () => number;
  /** Tells the observer (metrics, dumps); never throws. */
  notify(tell: (observer: TurnObserver) => void): void;
  /** The highest microphone seq acknowledged so far. */
  ackedSeq(): number;
  /** Everything up to `seq` is durably handled. */
  acknowledge(seq: number): void;
  /** What a restarted relay needs, once turn `lastTurnId` is stored with `ackedSeq` acked. */
  resumeState(lastTurnId: number, ackedSeq: number): ResumeState;
  checkpoint(): Promise<void>;
  /** The budget stopped a turn: the session ends with this error. */
  fail(err: RelayError): void;
  /** Told of each turn answered and its stage (the stuck-turn watchdog), which may stop it. */
  turnWatch?: TurnTracker;
  /** A reply heard whole finished at `doneAtMs` with `audioMs` of audio (a call's quiet). */
  replied?(doneAtMs: number, audioMs: number): void;
  /**
   * The words of turn `turnId` as stored (null: no such turn), for a retry of a turn this relay
   * did not answer itself (the session was continued, or taken over after a restart).
   */
  storedQuestion?(turnId: number): Promise<string | null>;
}
