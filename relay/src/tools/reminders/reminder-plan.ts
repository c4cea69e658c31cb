/** What the reminder clock needs of a reminder. */
export interface PlannedReminder {
  id: string;
  /** Epoch ms. */
  dueAt: number;
}

/** What to do now for one user's pending reminders. */
export interface ReminderPlan<R extends PlannedReminder> {
  /** Due (at or before now) and not yet told to the user's open pages: tell them now. */
  due: R[];
  /** When the next pending one comes due (epoch ms); null when none is ahead. */
  wakeAtMs: number | null;
}

/**
 * The reminder clock's policy, pure: of a user's pending reminders (not yet rung by a page of
 * theirs), those due now that the pages open now were not told of yet, and when to look again.
 * A reminder told but never acknowledged (the page closed first) stays pending: it is told
 * again when the user next connects, which clears `told`.
 */
export function planReminders<R extends PlannedReminder>(
  pending: readonly R[],
  nowMs: number,
  told: ReadonlySet<string>,
): ReminderPlan<R> {
  const due: R[] = [];
  let wakeAtMs: number | null = null;
  for (const r of pending) {
    if (r.dueAt <= nowMs) {
      if (!told.has(r.id)) due.push(r);
    } else if (wakeAtMs === null || r.dueAt < wakeAtMs) wakeAtMs = r.dueAt;
  }
  return { due, wakeAtMs };
}
