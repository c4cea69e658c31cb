import { RelayError } from '../errors.ts';
import type { SessionExpiry } from './session-clock.ts';

/**
 * The errors each limit produces, worded for the user: what happened and what to do. Codes,
 * statuses and close codes come from the {@link RelayError} factories.
 */

/** `hello` refused: the user already has `max` sessions open. Closes with LimitExceeded. */
export function tooManySessions(max: number): RelayError {
  return RelayError.limitExceeded(
    `You already have ${max} ${max === 1 ? 'conversation' : 'conversations'} open, the most allowed at once. Close one in another tab or device, then try again.`,
  );
}

/** `hello` refused: the relay tracks as many users with open sessions as it allows. */
export function relayAtCapacity(): RelayError {
  return RelayError.limitExceeded(
    'The relay is serving as many people as it can right now. Try again in a few minutes.',
  );
}

/** `hello` refused: the user started sessions too quickly. Closes with RateLimited. */
export function sessionsTooFast(retryAfterMs: number): RelayError {
  return RelayError.rateLimited('new conversations', retryAfterMs, true);
}

/** WebSocket upgrade refused (HTTP 429): too many connection attempts from this address. */
export function connectionsTooFast(retryAfterMs: number): RelayError {
  return RelayError.rateLimited('connection attempts', retryAfterMs, true);
}

/**
 * WebSocket upgrade (or its ticket) refused (HTTP 503): the relay has `MAX_CONNECTIONS` open.
 * `retryAfterMs`: when to try again.
 */
export function tooManyConnections(retryAfterMs: number): RelayError {
  return RelayError.overloaded(
    'The relay is serving as many connections as it can right now. Try again in a minute.',
    retryAfterMs,
  );
}

/** The connection sent more messages than allowed. Closes with RateLimited. */
export function messagesTooFast(retryAfterMs: number): RelayError {
  return RelayError.rateLimited('messages', retryAfterMs, true);
}

/** The client streamed audio faster than real time beyond its allowance. Closes with RateLimited. */
export function audioTooFast(retryAfterMs: number): RelayError {
  return RelayError.rateLimited('audio frames, faster than real time', retryAfterMs, true);
}

/** The session clock expired: `limitMs` is the limit that applied. Closes with LimitExceeded. */
export function sessionExpired(reason: SessionExpiry, limitMs: number): RelayError {
  const limit = formatDuration(limitMs);
  return RelayError.limitExceeded(
    reason === 'max-length'
      ? `This conversation has lasted ${limit}, the longest allowed. Start a new one to keep talking.`
      : `This conversation ended after ${limit} without activity. Start a new one to keep talking.`,
  );
}

/** Warning text for a session about to reach its length limit. */
export function sessionEndingText(remainingMs: number): string {
  return `This conversation ends in ${formatDuration(remainingMs)} (length limit). Start a new one to keep talking.`;
}

/** "1 second", "45 seconds", "1 minute", "30 minutes", "1.5 hours" (rounded up to whole seconds). */
export function formatDuration(ms: number): string {
  const s = Math.max(1, Math.ceil(ms / 1000));
  const unit = (n: number, name: string) => `${n} ${name}${n === 1 ? '' : 's'}`;
  if (s < 120 && s % 60 !== 0) return unit(s, 'second');
  if (s < 2 * 3600) return unit(Math.round((s / 60) * 10) / 10, 'minute');
  return unit(Math.round((s / 3600) * 10) / 10, 'hour');
}

/** `utterance.start` refused: the user started utterances too quickly. Not fatal. */
export function utterancesTooFast(retryAfterMs: number, turnId: number): RelayError {
  return RelayError.rateLimited('utterances started', retryAfterMs, false, turnId);
}

/**
 * An utterance stopped: the user sent more speech than their sessions could speak in real time
 * (beyond the allowance ahead). Not fatal.
 */
export function speechTooFast(retryAfterMs: number, turnId: number): RelayError {
  return RelayError.rateLimited('seconds of speech at once', retryAfterMs, false, turnId);
}

/** `utterance.start` refused: the user already has `max` recognitions running. Not fatal. */
export function tooManyRecognitions(max: number, turnId: number): RelayError {
  return RelayError.limitExceeded(
    `You are already speaking in ${max} places at once, the most allowed. Finish there, or close another tab, then say it again.`,
    false,
    { turnId, retryable: true },
  );
}

/** `utterance.start` refused: the relay recognises as much speech as it can. Not fatal. */
export function recognizerBusy(turnId: number): RelayError {
  return RelayError.limitExceeded(
    'The relay is recognising as much speech as it can right now. Say it again in a moment, or type your message.',
    false,
    { turnId, retryable: true },
  );
}

/**
 * A reading the relay's own recogniser queue did not run for this user: their waiting speech
 * was at its cap, or it waited past its limit while the relay read others' (see
 * ReadSchedule). Only this user's utterance; not the recogniser's failure. Not fatal.
 */
export function recognitionQueueFull(): RelayError {
  return RelayError.limitExceeded(
    'The relay is reading as much of your speech as it can right now. Say it again in a moment, or type your message.',
    false,
    { retryable: true },
  );
}
