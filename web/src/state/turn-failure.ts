import type { ErrorCode } from '@parley/shared';

/** A problem the relay reported for one turn (its `error` message). */
export interface TurnError {
  code: ErrorCode;
  message: string;
  retryable: boolean;
}

/** What a failed turn's bubble says, and whether it offers to send the question again. */
export interface TurnFailure {
  /** What failed, in plain words. */
  text: string;
  /** Sending the same question again may work (not after a spending cap, for one). */
  retryable: boolean;
}

const WHAT_FAILED: Partial<Record<ErrorCode, string>> = {
  'asr-failed': 'Speech recognition failed: your words were not understood.',
  'llm-failed': 'The language model failed: no real answer this time.',
  'tts-failed': 'The voice failed: the reply is shown as text only.',
  'rate-limited': 'Too many requests just now.',
  internal: 'Something went wrong in the relay.',
};

/**
 * A turn the language model could not answer and a stand-in did (the offline responder), or no
 * one: its bubble says so and offers to ask the question again.
 */
export const STAND_IN_FAILURE: TurnFailure = {
  text: 'Your model could not answer: this is the offline responder’s reply.',
  retryable: true,
};

/**
 * What a failed turn's bubble says, from the last error the relay sent for it (if any): which
 * stage failed, in plain words. A spending cap says what the relay said (how much, until when)
 * and offers no retry; a reply that broke off with no error names no stage.
 */
export function describeFailure(error: TurnError | undefined): TurnFailure {
  if (!error) return { text: 'The reply could not be finished.', retryable: true };
  if (error.code === 'budget-exceeded' || error.code === 'limit-exceeded')
    return { text: error.message, retryable: false };
  return { text: WHAT_FAILED[error.code] ?? error.message, retryable: error.retryable };
}
