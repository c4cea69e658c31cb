import { ConnectError, type OfflineState } from '@parley/shared';
import { micErrorKind, type MicErrorKind } from '../mic/input-device.ts';
import {
  isTicketError,
  MicUnavailableError,
  VadLoadError,
  type TicketError,
} from './call-errors.ts';

/** Why a call (or a typed conversation) could not start, as far as the page acts on it. */
export type StartFailure =
  /** Nothing answered (or a gateway with no relay behind it): one plain message and a retry. */
  | { kind: 'unreachable' }
  /** The relay wants a sign-in token (AUTH_MODE=jwt). */
  | { kind: 'needs-token' }
  /** The microphone could not be opened: typing goes on. */
  | { kind: 'mic'; failure: 'denied' | 'missing' | 'busy' }
  /** The relay refused, in words meant for the user. */
  | { kind: 'refused'; text: string }
  /** A connection kept trying until it gave up: the conversation is closed. */
  | { kind: 'gave-up' }
  /** The relay closed the socket without a word for the user. */
  | { kind: 'not-started' }
  /** The page may not use the microphone (an insecure origin: no `navigator.mediaDevices`). */
  | { kind: 'insecure' }
  /** The voice detector could not be loaded (`reason`: why, in the browser's words). */
  | { kind: 'vad-failed'; reason: string };

/** What a microphone error from getUserMedia means for the page (null: not a microphone error). */
export function micFailure(err: unknown): MicErrorKind | null {
  return err instanceof DOMException ? micErrorKind(err) : null;
}

/** What a failed start means, without internal prefixes (`ticket: …`). */
export function startFailure(err: unknown): StartFailure {
  const mic = micFailure(err);
  if (mic) return { kind: 'mic', failure: mic };
  if (err instanceof ConnectError) return offlineFailure(err.state);
  if (isTicketError(err)) return ticketFailure(err);
  if (err instanceof MicUnavailableError) return { kind: 'insecure' };
  if (err instanceof VadLoadError) return { kind: 'vad-failed', reason: err.reason };
  return { kind: 'refused', text: err instanceof Error ? err.message : String(err) };
}

/**
 * Whether a failed start is none the page expects — the relay's refusal, no network, the
 * microphone — but an exception (a bug, or a browser that cannot run the call): reported.
 */
export function isUnexpectedFailure(err: unknown): boolean {
  return micFailure(err) === null && !(err instanceof ConnectError) && !isTicketError(err);
}

/** What a connection that ended for good means (see {@link startFailure}). */
export function offlineFailure(state: OfflineState): StartFailure {
  if (state.gaveUp) return { kind: 'gave-up' };
  if (isTicketError(state.cause)) return ticketFailure(state.cause);
  if (state.loss === 'unreachable' || state.loss === 'restarting' || state.loss === 'dropped')
    return { kind: 'unreachable' };
  // The relay closed the socket: its reason is written for the user.
  if (state.code !== undefined && state.reason) return { kind: 'refused', text: state.reason };
  return { kind: 'not-started' };
}

function ticketFailure(err: TicketError): StartFailure {
  if (err.status === 401) return { kind: 'needs-token' };
  // A relay that is full (`MAX_CONNECTIONS`) answers 503 for itself: its words, not "unreachable".
  if (err.code === 'limit-exceeded') return { kind: 'refused', text: err.message };
  if (err.status === 0 || err.status === 502 || err.status === 503 || err.status === 504)
    return { kind: 'unreachable' };
  return { kind: 'refused', text: err.message };
}
