import type { PlannedReminder } from './reminder-plan.ts';

/** How the push clock weighs what it read. */
export interface PushPlanOptions {
  /**
   * How long a due reminder is left to the pages open on time (ms): a page that rang it
   * meanwhile has it marked rung, and it is not pushed. Past that, it is.
   */
  graceMs: number;
  /**
   * A reminder due longer ago than this is not pushed (ms; a relay that was down for days):
   * it is marked so, and rings in the app when the user next opens it, said late.
   */
  maxLateMs: number;
  /**
   * Longest the clock sleeps (ms): a reminder set on another relay, or a relay that died with
   * one armed, is found within this.
   */
  pollMs: number;
}

/** What the push clock does now with the reminders awaiting a push it read. */
export interface PushPlan<R extends PlannedReminder> {
  /** Due past their grace: claim and push each now. */
  push: R[];
  /** Too late to push: claim each without pushing. */
  skip: R[];
  /** When to read again (epoch ms). */
  wakeAtMs: number;
}

/**
 * The push clock's policy, pure. `awaiting` are the reminders read, soonest first, neither
 * pushed nor rung; `complete` says whether that was all of them (a read is bounded): when it
 * was not, and every one read is acted on now, there may be more due behind them, so it reads
 * again at once.
 */
export function planPushes<R extends PlannedReminder>(
  awaiting: readonly R[],
  complete: boolean,
  nowMs: number,
  o: PushPlanOptions,
): PushPlan<R> {
  const push: R[] = [];
  const skip: R[] = [];
  let wakeAtMs = nowMs + o.pollMs;
  for (const r of awaiting) {
    const pushAt = r.dueAt + o.graceMs;
    if (pushAt > nowMs) wakeAtMs = Math.min(wakeAtMs, pushAt);
    else if (nowMs - r.dueAt > o.maxLateMs) skip.push(r);
    else push.push(r);
  }
  if (!complete && push.length + skip.length === awaiting.length && awaiting.length > 0)
    wakeAtMs = nowMs;
  return { push, skip, wakeAtMs };
}
