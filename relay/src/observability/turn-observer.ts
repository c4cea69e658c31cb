import type { ErrorCode } from '@parley/shared';
import type { TurnResult } from '../pipeline/turn.ts';

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

/** Everything known about a turn when it ends: what observers (metrics, dumps) see. */
export interface FinishedTurn {
  sessionId: string;
  turnId: number;
  /** The client's trace id for the turn, when it sent one. */
  traceId?: string;
  /** `spoken`: an utterance through the recogniser; `typed`: a `user.text` message. */
  input: 'spoken' | 'typed';
  result: Pick<
    TurnResult,
    'status' | 'transcript' | 'reply' | 'audioSamples' | 'timings' | 'marks' | 'servedBy'
  >;
  /** Errors the relay sent about this turn, in order. */
  errors: readonly TurnErrorNote[];
  /** Null for typed turns. */
  audio: TurnAudio | null;
  /** When the turn ended (relay epoch ms). */
  doneAtMs: number;
}

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
  };
}
