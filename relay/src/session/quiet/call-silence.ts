/**
 * When a call that has gone quiet is checked on: after `silenceMs` in which nobody spoke, the
 * assistant asks once whether the user is still there; after as long again with no answer, the
 * call ends. A pure function of when the quiet began, whether someone is speaking now and when
 * the check-in was said, so the connection owns a single timer (see `CallSilenceWatch`).
 */
export interface CallSilenceTimes {
  /**
   * When the quiet began (epoch ms): the user's last utterance message or typed message, or
   * when the last reply should have finished playing at the client, whichever is later.
   */
  quietSinceMs: number;
  /**
   * Someone is speaking now: the user's utterance is open, or a reply is still being produced.
   * Silence is never counted then.
   */
  busy: boolean;
  /** When the check-in was said in this stretch of quiet (null: not yet). */
  checkedInAtMs: number | null;
  nowMs: number;
}

/**
 * - `wait`: nothing to do; check again at `nextCheckAtMs` (null: never, the rule is off).
 * - `check-in`: ask whether the user is still there (once per stretch of quiet).
 * - `end`: the check-in went unanswered for as long again: end the call.
 */
export type CallSilenceVerdict =
  { kind: 'wait'; nextCheckAtMs: number | null } | { kind: 'check-in' } | { kind: 'end' };

/**
 * While someone speaks, the quiet is looked at again this often (ms): the end of speech or of
 * a reply moves `quietSinceMs`, so the next look counts from there.
 */
export const BUSY_RECHECK_MS = 1000;

/** Says what a call's silence asks for now; `silenceMs` 0 turns the rule off. */
export function checkCallSilence(t: CallSilenceTimes, silenceMs: number): CallSilenceVerdict {
  if (silenceMs <= 0) return { kind: 'wait', nextCheckAtMs: null };
  if (t.busy) return { kind: 'wait', nextCheckAtMs: t.nowMs + BUSY_RECHECK_MS };
  // Anything said since the check-in (the user's answer, or a reply) starts a new stretch.
  const checkedIn = t.checkedInAtMs !== null && t.checkedInAtMs >= t.quietSinceMs;
  const fromMs = checkedIn && t.checkedInAtMs !== null ? t.checkedInAtMs : t.quietSinceMs;
  const dueAtMs = fromMs + silenceMs;
  if (t.nowMs < dueAtMs) return { kind: 'wait', nextCheckAtMs: dueAtMs };
  return checkedIn ? { kind: 'end' } : { kind: 'check-in' };
}
