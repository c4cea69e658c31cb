import { CloseCode } from '@parley/shared';
import type { RelayError } from '../../errors.ts';

/**
 * Whether a close that came from the client's side (its close frame, or none: 1005, 1006) ends
 * the session. Only the client saying the user is done (1000) does. Anything else leaves the
 * session waiting for a resume: a client that gave up on a path (1005 from older clients, 4010)
 * sent that close on the path it gave up on, where it may arrive long after the client resumed
 * elsewhere — or, after a stall, right behind the last audio of an utterance — and giving up on
 * a path must never end the conversation; 1001, 1006 and 1012 are lost connections, not ends.
 */
export function clientCloseEndsSession(code: number): boolean {
  return code === CloseCode.Normal;
}

/**
 * Whether the relay closing a connection because of `err` ends its session. A retryable error
 * (a rate limit: "slow down") does not: the client comes back and resumes, nothing is lost. The
 * others (a spent budget, a session too long, a client that keeps sending garbage, an internal
 * error) do.
 */
export function failureEndsSession(err: RelayError): boolean {
  return !err.retryable;
}

/** A WebSocket close reason must fit in 123 bytes of UTF-8: longer, it is cut at 120 with "…". */
export function closeReason(message: string): string {
  const bytes = new TextEncoder().encode(message);
  if (bytes.length <= 123) return message;
  return new TextDecoder().decode(bytes.slice(0, 120)).replace(/\uFFFD+$/, '') + '…';
}
