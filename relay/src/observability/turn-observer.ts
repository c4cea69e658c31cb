import type { ErrorCode, ServedBy, TurnMarks, TurnStatus, TurnTimings } from '@parley/shared';

/** An `error` message the relay sent the client about one turn. */
export interface TurnErrorNote {
  code: ErrorCode;
  message: string;
}

/** The utterance a spoken turn answered, as the relay received it. */
export interface TurnAudio {
  /**
   * A new array with the utterance's 16 kHz mono PCM16 audio: its first 60 s (the session's
   * bound). Call it during `turnFinished` only: the session reuses what it kept afterwards.
   */
  copy(): Int16Array<ArrayBuffer>;
  /** Frames the copy holds. */
  keptFrames: number;
  /** Frames received for the utterance (more than `keptFrames` when it was cut). */
  framesReceived: number;
}

/**
 * What observers read of a turn's result, declared here so that observability imports nothing of
 * the pipeline that reports to it (the pipeline's `TurnResult` has all of it).
 */
export interface FinishedTurnResult {
  status: TurnStatus;
  transcript: string;
  reply: string;
  /** Samples of reply audio sent. */
  audioSamples: number;
  timings: TurnTimings;
  marks: TurnMarks;
  /** Which provider served each stage. */
  servedBy: ServedBy;
}

/** Everything known about a turn when it ends: what observers (metrics, dumps) see. */
export interface FinishedTurn {
  sessionId: string;
  turnId: number;
  /** The client's trace id for the turn, when it sent one. */
  traceId?: string;
  /** `spoken`: an utterance through the recogniser; `typed`: a `user.text` message. */
  input: 'spoken' | 'typed';
  result: FinishedTurnResult;
  /** Errors the relay sent about this turn, in order. */
  errors: readonly TurnErrorNote[];
  /** Null for typed turns. */
  audio: TurnAudio | null;
  /** When the turn ended (relay epoch ms). */
  doneAtMs: number;
}

/**
 * What became of microphone frames of an utterance: `accepted` (new, handed to the recogniser),
 * `duplicate` (seen before — a resend, or a resumed client's replay — dropped), `missing` (seqs
 * skipped over: a gap the recogniser never heard).
 */
export type MicFrameOutcome = 'accepted' | 'duplicate' | 'missing';

/**
 * A speculative answer at a pause: `started`, then `promoted` (released as the answer) or
 * `dropped` (the user went on, or the final transcript differed). One cut short with its turn
 * (a failed recognition, a newer question) is neither.
 */
export type SpeculationEvent = 'started' | 'promoted' | 'dropped';

/**
 * What a session reports as it goes, for metrics and diagnostics. Called on the session's own
 * path: implementations must be cheap and must not throw.
 */
export interface TurnObserver {
  /** A turn ended, whatever its status. */
  turnFinished(turn: FinishedTurn): void;
  /** The user spoke over a reply (an `interrupt` the session acted on). */
  bargeIn(): void;
  /** A client reported a spoken turn's voice-to-voice time: end of speech → reply playing (s). */
  voiceToVoice(seconds: number): void;
  /**
   * A microphone frame was handed to the recogniser, `seconds` after its binary message reached
   * the connection. Called per frame (10 per second per talker): keep it to a few additions.
   */
  audioRelayed(seconds: number): void;
  /** `frames` microphone frames came to `outcome`. Called per frame: a few additions at most. */
  micFrames(outcome: MicFrameOutcome, frames: number): void;
  speculation(event: SpeculationEvent): void;
  /** A resuming client was sent `messages` of turn output again (it had not confirmed them). */
  outputReplayed(messages: number): void;
}

/** An observer that tells every one of `observers` (absent ones skipped). */
export function combineObservers(
  ...observers: (Partial<TurnObserver> | null | undefined)[]
): TurnObserver {
  const present = observers.filter((o): o is Partial<TurnObserver> => Boolean(o));
  return {
    turnFinished: (turn) => {
      for (const o of present) o.turnFinished?.(turn);
    },
    bargeIn: () => {
      for (const o of present) o.bargeIn?.();
    },
    voiceToVoice: (seconds) => {
      for (const o of present) o.voiceToVoice?.(seconds);
    },
    audioRelayed: (seconds) => {
      for (const o of present) o.audioRelayed?.(seconds);
    },
    micFrames: (outcome, frames) => {
      for (const o of present) o.micFrames?.(outcome, frames);
    },
    speculation: (event) => {
      for (const o of present) o.speculation?.(event);
    },
    outputReplayed: (messages) => {
      for (const o of present) o.outputReplayed?.(messages);
    },
  };
}
