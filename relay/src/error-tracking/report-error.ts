import { describeError } from '../errors.ts';
import type { Logger } from '../log/logger.ts';
import { trackedError } from './tracked-error.ts';

/** Where an error happened: the ids it belongs to, and what failed. */
export interface ErrorScope {
  /** What failed, as the log line says it (`llm failed`, `request failed`). */
  what: string;
  sessionId?: string;
  turnId?: number;
  /** The subsystem's logger name (`relay:session`). */
  logger?: string;
  /** More tags that classify the error (no user data: they are sent as they are). */
  tags?: Record<string, string | number>;
}

/** An error-tracking service the relay reports to (Sentry, when `SENTRY_DSN` is set). */
export interface ErrorTracker {
  capture(error: Error, scope: ErrorScope): void;
  /** Sends what is queued; resolves by `timeoutMs` at the latest. */
  flush(timeoutMs: number): Promise<void>;
}

let tracker: ErrorTracker | null = null;

/** Reports errors to `t` from now on (null: to nothing, the default). */
export function useErrorTracker(t: ErrorTracker | null): void {
  tracker = t;
}

/**
 * Reports `err` to error tracking, when it is on, tagged with the session and turn ids `log` is
 * bound to (every session's and turn's logger carries them) and what failed. Provider failures
 * go without the text of their answer (see {@link trackedError}).
 */
export function reportError(
  err: unknown,
  what: string,
  log?: Logger,
  tags: Record<string, string | number> = {},
): void {
  if (!tracker) return;
  const t = trackedError(err);
  const b: Record<string, unknown> = log?.bindings() ?? {};
  tracker.capture(t.error, {
    what,
    ...(typeof b.sessionId === 'string' ? { sessionId: b.sessionId } : {}),
    ...(typeof b.turnId === 'number' ? { turnId: b.turnId } : {}),
    ...(typeof b.name === 'string' ? { logger: b.name } : {}),
    tags: { ...t.tags, ...tags },
  });
}

/**
 * The one way the relay says "a request or a turn failed and a human should look": an `error`
 * log line (`fields` and the error's name and message) and the error reported to error
 * tracking (see {@link reportError}).
 */
export function logFailure(
  log: Logger,
  err: unknown,
  what: string,
  fields: Record<string, unknown> = {},
  tags: Record<string, string | number> = {},
): void {
  log.error({ ...fields, err: describeError(err) }, what);
  reportError(err, what, log, tags);
}

/** Sends what is queued for error tracking, for at most `timeoutMs` (before the process exits). */
export async function flushErrors(timeoutMs: number): Promise<void> {
  await tracker?.flush(timeoutMs);
}
