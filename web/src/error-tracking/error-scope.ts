import type { ErrorCode, TrackedEvent } from '@parley/shared';
import type { AppState } from '../state/types.ts';

/** What an error report of the page is tagged with: the call's session and its latest turn. */
export interface ErrorScope {
  sessionId?: string;
  turnId?: number;
}

/** The session open now and the newest turn of the conversation shown, from the store. */
export function errorScope(state: Pick<AppState, 'sessionId' | 'entries'>): ErrorScope {
  let turnId: number | undefined;
  for (const e of state.entries) if (turnId === undefined || e.turnId > turnId) turnId = e.turnId;
  return {
    ...(state.sessionId === null ? {} : { sessionId: state.sessionId }),
    ...(turnId === undefined ? {} : { turnId }),
  };
}

/**
 * `event` tagged with `scope`'s ids (as tags, and as the `turn` context) where it has none of
 * its own: a relay error names its turn, an uncaught error takes the newest one.
 */
export function withScope<E extends TrackedEvent>(event: E, scope: ErrorScope): E {
  const tags = { ...scope, ...event.tags };
  const turn = {
    ...(tags.sessionId === undefined ? {} : { sessionId: tags.sessionId }),
    ...(tags.turnId === undefined ? {} : { turnId: tags.turnId }),
  };
  return { ...event, tags, contexts: { ...event.contexts, turn } };
}

/**
 * Relay `error` codes that say something broke (a stage failed, the relay hit a bug, or this
 * page sent what the relay could not read): reported. Limits, budgets, sign-in and a session
 * that is gone are the service working as meant: not reported.
 */
const REPORTED_CODES: ReadonlySet<string> = new Set<ErrorCode>([
  'asr-failed',
  'llm-failed',
  'tts-failed',
  'internal',
  'bad-frame',
  'bad-message',
  'unknown-turn',
]);

/** Whether a relay `error` of `code` is reported to error tracking. */
export function isReportedRelayError(code: string): boolean {
  return REPORTED_CODES.has(code);
}
