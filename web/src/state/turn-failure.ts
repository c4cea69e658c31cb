import type { ErrorCode } from '@parley/shared';
import type { MessageId } from '../i18n/intl.ts';

/** A problem the relay reported for one turn (its `error` message). */
export interface TurnError {
  code: ErrorCode;
  message: string;
  retryable: boolean;
}

/** What a failed turn's bubble says, and whether it offers to send the question again. */
export interface TurnFailure {
  /**
   * What failed, in plain words: the page's message (worded in the page's language when shown),
   * or the relay's own words.
   */
  text: { id: MessageId } | { said: string };
  /** Sending the same question again may work (not after a spending cap, for one). */
  retryable: boolean;
}

const WHAT_FAILED: Partial<Record<ErrorCode, MessageId>> = {
  'asr-failed': 'turnFailure.asr',
  'llm-failed': 'turnFailure.llm',
  'conversation-too-long': 'turnFailure.tooLong',
  'tts-failed': 'turnFailure.tts',
  'rate-limited': 'turnFailure.rateLimited',
  internal: 'turnFailure.internal',
};

/**
 * A turn the language model could not answer and a stand-in did (the offline responder), or no
 * one: its bubble says so and offers to ask the question again.
 */
export const STAND_IN_FAILURE: TurnFailure = {
  text: { id: 'turnFailure.standIn' },
  retryable: true,
};

/**
 * What a failed turn's bubble says, from the last error the relay sent for it (if any): which
 * stage failed, in plain words. A spending cap says what the relay said (how much, until when)
 * and offers no retry; a reply that broke off with no error names no stage.
 */
export function describeFailure(error: TurnError | undefined): TurnFailure {
  if (!error) return { text: { id: 'turnFailure.unfinished' }, retryable: true };
  if (error.code === 'budget-exceeded' || error.code === 'limit-exceeded')
    return { text: { said: error.message }, retryable: false };
  const id = WHAT_FAILED[error.code];
  return { text: id ? { id } : { said: error.message }, retryable: error.retryable };
}
