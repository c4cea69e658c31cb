import type {
  LanguageDrift,
  LlmFallback,
  Stage,
  ToolTurnEvent,
  TurnMarks,
  TurnStatus,
  TurnTimings,
  TurnToolCall,
} from '@parley/shared';
import type { RelayError } from '../errors.ts';
import type { Logger } from '../log/logger.ts';
import type { Usage } from '../metering/usage.ts';
import type { TurnPreferences } from '../preferences/turn-preferences.ts';
import type { TracedTurn } from '../observability/tracing/turn-trace.ts';
import type { AsrStream } from '../providers/stages/asr.ts';
import type { ChatMessage } from '../providers/stages/llm.ts';
import type { Providers } from '../providers/stages/providers.ts';
import type { TtsProvider } from '../providers/stages/tts.ts';
import type { AwaitingConfirmation } from './tool-questions.ts';
import type { TurnToolsOptions } from './turn-tools-options.ts';

/** Where a turn's output goes (the session forwards it to the client). */
export interface TurnOutput {
  transcript(text: string): void;
  replyDelta(text: string): void;
  /**
   * A sentence starts at `startSample` of the turn's reply audio. The same `index` again: the
   * sentence's voice broke off, and it is said again from its start from `startSample` by the
   * next voice; the cut audio before counts for no words.
   */
  segment(index: number, text: string, startSample: number): void;
  /**
   * A frame of reply audio; with `packets`, the same audio encoded as Opus packets (what goes
   * to the client), `samples` still counting what it holds.
   */
  audio(samples: Int16Array, packets?: readonly Uint8Array[]): void;
  error(err: RelayError): void;
  /**
   * A tool call starts or ends, or the user is asked to confirm calls (issue 48). Absent: they
   * are not told (an output that only reads the reply).
   */
  tool?(event: ToolTurnEvent): void;
}

/** The money side of a turn: may a call start, and what did each call use. */
export interface TurnBilling {
  /** Null when a call estimated at `estimate` may start; else why not (the session ends). */
  allow(estimate: Usage): RelayError | null;
  /**
   * Meters one call a provider served (finished, broken off or cancelled; never one that failed
   * before serving anything); `seq` distinguishes calls of a stage in a turn.
   */
  record(turnId: number, seq: number, usage: Usage): void;
}

/** Which provider served each stage of a turn (a failover chain may not use its primary). */
export interface ServedBy {
  asr?: string;
  llm?: string;
  tts?: string;
}

export interface TurnResult {
  status: TurnStatus;
  servedBy: ServedBy;
  /** Providers of the language model's chain that could not answer, and who did instead. */
  llmFallback?: LlmFallback;
  /** When each stage happened (relay clock), for the client's timeline. */
  marks: TurnMarks;
  /** Set when the budget stopped the turn: the session must end with this error. */
  budgetStop?: RelayError;
  transcript: string;
  reply: string;
  audioSamples: number;
  timings: TurnTimings;
  /** The tools it called, in order, with their spans (absent: none). */
  toolCalls?: TurnToolCall[];
  /** Calls it asked the user to confirm, which the next turn decides (absent: none). */
  awaiting?: AwaitingConfirmation;
  /** The question awaiting a yes its words or tap decided (its `confirmId`; absent: none). */
  decided?: string;
  /** The reply was in another language than the conversation's (absent: it was not, or too short). */
  languageDrift?: LanguageDrift;
}

export interface TurnOptions {
  turnId: number;
  asr: AsrStream;
  /**
   * Audio the ASR received for this utterance (ms), metered here; 0 when there is nothing to
   * meter (a typed message, or a recognition already metered by the caller).
   */
  audioMs: number;
  /**
   * Started ahead of need (at a pause): metered as speculative, under its own usage seqs. Until
   * `released` resolves (the answer is promoted), only its first sentence is synthesised: that is
   * all it needs to be ready, and the rest of the reply's synthesis would compete for the CPU
   * (embedded voices) with the recogniser finishing the user's words, or be paid for (hosted
   * voices) by an answer that may be dropped.
   */
  speculative?: {
    usageSeq: number;
    released?: Promise<void>;
    /**
     * Started on words that may still change (the running hypothesis at a pause): nothing is
     * synthesised until this resolves (the recogniser's reading of the pause said the same words,
     * or the answer was released). The reply is written meanwhile: a hosted model's first token
     * is what takes long, and the voice of an answer restarted on other words is never asked.
     */
    voiced?: Promise<void>;
  };
  billing: TurnBilling;
  /** Conversation so far (the turn appends nothing itself: the caller records the result). */
  history: readonly ChatMessage[];
  providers: Providers;
  /** Speaks the apology when no LLM can answer (the embedded voice); none = text only. */
  fallbackVoice?: TtsProvider;
  outputRateHz: number;
  /**
   * Reply audio is encoded as Opus at this bitrate, one stream per turn (`outputRateHz` is then
   * an Opus rate); absent: PCM16.
   */
  opusReply?: { bitrate: number };
  timeZone?: string;
  /**
   * The user's preferences as read at the turn's start (persona, reply length, voice, pace),
   * awaited before the LLM request; absent: the providers' configured prompt and voice.
   */
  preferences?: Promise<TurnPreferences>;
  /** The reply is wanted as text only: no speech is synthesised (nor billed). */
  silent?: boolean;
  /**
   * How long the model may take to its first output before the user hears the line a slow tool
   * gets (ms; 0: never). Default `LATE_FIRST_TOKEN_MS` (see late-first-token.ts).
   */
  lateFirstTokenMs?: number;
  /** The tools the model may call, and calls awaiting the user's yes (issue 48); absent: none. */
  tools?: TurnToolsOptions;
  output: TurnOutput;
  /**
   * Told when the turn moves on from recognition (`llm`: the transcript is final) and from the
   * reply's writing (`tts`: what is left is saying it), for the stuck-turn watchdog.
   */
  onStage?: (stage: Stage) => void;
  /** The turn's trace: its stages are spans of it (absent: tracing is off). */
  trace?: TracedTurn;
  signal: AbortSignal;
  log: Logger;
  /** Epoch ms clock with sub-millisecond precision. */
  now: () => number;
}
