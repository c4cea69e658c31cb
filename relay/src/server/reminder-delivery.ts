import { logger } from '../log/logger.ts';
import type { SessionRegistry } from '../session/registry.ts';
import type { Reminder, Storage } from '../storage/index.ts';
import { BuiltinTools } from '../tools/builtin-tools.ts';
import { ReminderClock } from '../tools/reminders/reminder-clock.ts';

/**
 * Tells every page of `userId` open on this relay that `due` reminders are due (`reminder.due`);
 * returns how many pages were told (a session waiting for its client to come back is none: it
 * is told when the client reconnects).
 */
export function tellDueReminders(
  registry: Pick<SessionRegistry, 'all'>,
  userId: string,
  due: readonly Reminder[],
): number {
  let told = 0;
  for (const session of registry.all()) {
    if (session.userId !== userId || !session.attached) continue;
    for (const r of due)
      session.tell({ type: 'reminder.due', reminder: { id: r.id, text: r.text, dueAt: r.dueAt } });
    told++;
  }
  return told;
}

/**
 * The built-in tools and the reminder clock that rings what they set, on the pages `registry`
 * holds: one pair per relay.
 */
export function startBuiltinTools(
  storage: Storage,
  registry: Pick<SessionRegistry, 'all'>,
  enabled: boolean,
): { tools: BuiltinTools; reminders: ReminderClock } {
  const reminders = new ReminderClock({
    store: storage.reminders,
    tell: (userId, due) => tellDueReminders(registry, userId, due),
    log: logger('relay:reminders'),
    now: Date.now,
  });
  const tools = new BuiltinTools({
    storage,
    reminderChanged: (userId) => void reminders.changed(userId),
    enabled,
  });
  return { tools, reminders };
}
