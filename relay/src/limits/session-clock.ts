/**
 * When a session must end: after `maxSessionMs` of total length (with a warning `warnBeforeMs`
 * ahead), or after `idleTimeoutMs` without activity. A pure function of the session's start, its
 * last activity and the time, so the connection owns a single timer: it arms it for
 * `nextCheckAtMs`, and activity only updates `lastActivityAtMs` (an early check just re-arms).
 */
export interface SessionClockOptions {
  /** Longest a session may last (ms); 0 = no limit. */
  maxSessionMs: number;
  /** Warn this long before `maxSessionMs` is reached (ms); 0 = no warning. */
  warnBeforeMs: number;
  /** End the session after this long without activity (ms); 0 = never. */
  idleTimeoutMs: number;
}

export interface SessionTimes {
  /** When the session began (epoch ms). A resumed session keeps its original start. */
  startedAtMs: number;
  /** Last user activity (epoch ms): an audio frame or an utterance message. */
  lastActivityAtMs: number;
  nowMs: number;
}

export type SessionExpiry = 'max-length' | 'idle';

/**
 * - `ok`: nothing to do; check again at `nextCheckAtMs` (`null` = nothing can expire).
 * - `warn`: the session ends in `remainingMs` (tell the user once); check again at `nextCheckAtMs`.
 * - `expired`: close the session now, for `reason`.
 */
export type SessionClockVerdict =
  | { kind: 'ok'; nextCheckAtMs: number | null }
  | { kind: 'warn'; remainingMs: number; nextCheckAtMs: number }
  | { kind: 'expired'; reason: SessionExpiry };

/** Says whether the session may go on, should be warned, or has expired. */
export function checkSessionClock(
  times: SessionTimes,
  options: SessionClockOptions,
): SessionClockVerdict {
  const { startedAtMs, lastActivityAtMs, nowMs } = times;
  const endAtMs = options.maxSessionMs > 0 ? startedAtMs + options.maxSessionMs : null;
  const idleAtMs =
    options.idleTimeoutMs > 0
      ? Math.max(startedAtMs, lastActivityAtMs) + options.idleTimeoutMs
      : null;

  // Both past: the deadline that passed first is the true reason (a tie goes to max-length).
  const due = [
    endAtMs !== null && nowMs >= endAtMs ? { reason: 'max-length' as const, at: endAtMs } : null,
    idleAtMs !== null && nowMs >= idleAtMs ? { reason: 'idle' as const, at: idleAtMs } : null,
  ].filter((d) => d !== null);
  const first = due.sort((a, b) => a.at - b.at)[0];
  if (first) return { kind: 'expired', reason: first.reason };

  const warnAtMs =
    endAtMs !== null && options.warnBeforeMs > 0 ? endAtMs - options.warnBeforeMs : null;
  if (endAtMs !== null && warnAtMs !== null && nowMs >= warnAtMs) {
    return {
      kind: 'warn',
      remainingMs: endAtMs - nowMs,
      nextCheckAtMs: earliest(endAtMs, idleAtMs),
    };
  }
  const next = [warnAtMs ?? endAtMs, idleAtMs].filter((t) => t !== null);
  return { kind: 'ok', nextCheckAtMs: next.length === 0 ? null : Math.min(...next) };
}

/** Longest delay `setTimeout` honours: beyond it Node fires after 1 ms instead. */
export const MAX_TIMER_DELAY_MS = 2 ** 31 - 1;

/**
 * Delay to pass to `setTimeout` to wake at `atMs`: never negative, never beyond what timers
 * accept (a longer wait simply wakes early, checks, and re-arms).
 */
export function timerDelayMs(atMs: number, nowMs: number): number {
  return Math.min(MAX_TIMER_DELAY_MS, Math.max(0, Math.ceil(atMs - nowMs)));
}

function earliest(a: number, b: number | null): number {
  return b === null ? a : Math.min(a, b);
}
