import { z } from 'zod';

/**
 * What the built-in tools keep for a user (issue 48), as the relay sends it: their reminders
 * (rung by the app when due) and the notes the assistant remembers for them.
 */

/** A reminder's or a note's id (the relay's are UUIDs). */
const toolItemId = z.string().min(1).max(64);

/** A reminder as the app shows and rings it. */
export const reminderItem = z.strictObject({
  id: toolItemId,
  /** What to remind of ("call Anna"). */
  text: z.string(),
  /** When it is due (epoch ms). */
  dueAt: z.number(),
});
export type ReminderItem = z.infer<typeof reminderItem>;

/** `GET /api/reminders`: the user's pending reminders, soonest first (due ones not yet rung included). */
export const reminderList = z.strictObject({
  reminders: z.array(
    reminderItem.extend({
      /** When it was set (epoch ms). */
      createdAt: z.number(),
    }),
  ),
});
export type ReminderList = z.infer<typeof reminderList>;

/** A note the assistant remembers for the user. */
export const noteItem = z.strictObject({
  id: toolItemId,
  text: z.string(),
  /** When it was saved (epoch ms). */
  createdAt: z.number(),
});
export type NoteItem = z.infer<typeof noteItem>;

/** `GET /api/notes`: the user's notes, newest first. */
export const noteList = z.strictObject({ notes: z.array(noteItem) });
export type NoteList = z.infer<typeof noteList>;

/**
 * Relay → client: a reminder of the user's is due. Sent to every page of theirs that is open
 * when it comes due, and at each connect until a page says it rang it (`reminder.rang`): one
 * that came due while none was open rings when the user comes back. A page rings each id once.
 */
export const reminderDueMessage = z.strictObject({
  type: z.literal('reminder.due'),
  reminder: reminderItem,
});

/** Client → relay: this page rang reminder `id` (it is not sent again). */
export const reminderRangMessage = z.strictObject({
  type: z.literal('reminder.rang'),
  id: toolItemId,
});
