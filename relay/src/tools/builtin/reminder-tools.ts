import type { Reminder, ReminderStore } from '../../storage/index.ts';
import type { Tool, ToolContext, ToolResult } from '../tool.ts';
import { clockReading } from './clock.ts';
import { describeDelay, describeMoment } from './durations.ts';
import { boundedText, numberArg, pick, refusal, removeNamed, textArg } from './tool-args.ts';
import { builtinToolWords, type DueWhen } from './tool-words.ts';

/** The tools' words in the conversation's language. */
const wordsOf = (context: ToolContext) => builtinToolWords(context.language);

/** A reminder whose text is only "timer": a plain timer. */
const isTimer = (text: string) => text.trim().toLowerCase() === 'timer';

/** Most reminders a user may have pending at once. */
export const MAX_PENDING_REMINDERS = 50;
/** Longest reminder text (characters). */
export const MAX_REMINDER_CHARS = 200;
/** Furthest ahead a reminder may be set (ms): a year and a day. */
export const MAX_REMINDER_DELAY_MS = 366 * 86_400_000;

export interface ReminderToolDeps {
  store: Pick<ReminderStore, 'add' | 'pending' | 'cancel'>;
  /** Told after a user's reminders changed (set, cancelled), so the reminder clock re-plans. */
  changed(userId: string): void;
}

/** A reminder as the model reads it: when, in the user's zone and as a delay from now. */
function described(r: Reminder, context: ToolContext) {
  const now = context.now();
  return {
    id: r.id,
    text: r.text,
    due: describeMoment(r.dueAt, now, context.timeZone),
    dueAt: clockReading(r.dueAt, context.timeZone).iso,
    in: r.dueAt > now ? describeDelay(r.dueAt - now) : 'now',
  };
}

/**
 * When a reminder asked with `delaySeconds` or `at` is due (epoch ms), or why it cannot be set.
 * Pure.
 */
export function dueTimeOf(
  args: Record<string, unknown>,
  nowMs: number,
): { ok: true; dueAt: number } | { ok: false; message: string } {
  const delay = numberArg(args, 'delaySeconds');
  const at = textArg(args, 'at');
  if ((delay === undefined) === (at === undefined))
    return { ok: false, message: 'Give either delaySeconds or at, not both.' };
  let dueAt: number;
  if (delay !== undefined) {
    if (delay < 1) return { ok: false, message: 'delaySeconds must be at least 1.' };
    dueAt = nowMs + Math.round(delay * 1000);
  } else {
    // An offset is required: a bare local time would be read in the relay's zone, not the user's.
    if (at === undefined || !/(Z|[+-]\d\d:?\d\d)$/i.test(at))
      return { ok: false, message: 'at must be ISO 8601 with the UTC offset, from current_time.' };
    dueAt = Date.parse(at);
    if (Number.isNaN(dueAt)) return { ok: false, message: `at is not a time: ${at}` };
    if (dueAt <= nowMs) return { ok: false, message: 'That time has passed.' };
  }
  if (dueAt - nowMs > MAX_REMINDER_DELAY_MS)
    return { ok: false, message: 'A reminder can be set at most a year ahead.' };
  return { ok: true, dueAt };
}

/**
 * What `set_reminder` on `args` would do, said in the conversation's language: "remind you in 10
 * minutes to call Anna", "set a timer for 5 minutes"; a time that is no time is said as given
 * (the run refuses it).
 */
function setAction(args: Record<string, unknown>, context: ToolContext): string {
  const words = wordsOf(context);
  const text = textArg(args, 'text') ?? '';
  const delay = numberArg(args, 'delaySeconds');
  const at = textArg(args, 'at');
  const nowMs = context.now();
  const due = dueTimeOf(args, nowMs);
  if (isTimer(text) && delay !== undefined) return words.setReminder.timerAction(delay * 1000);
  const zone = context.timeZone === undefined ? {} : { timeZone: context.timeZone };
  const when: DueWhen =
    delay !== undefined
      ? { kind: 'in', delayMs: delay * 1000 }
      : due.ok
        ? { kind: 'at', atMs: due.dueAt, nowMs, ...zone }
        : { kind: 'said', text: at ?? '' };
  return words.setReminder.action(when, text);
}

/** When `r` is due, from now, in the user's zone: for the words said of it. */
function momentOf(r: Reminder, context: ToolContext) {
  const zone = context.timeZone === undefined ? {} : { timeZone: context.timeZone };
  return { atMs: r.dueAt, nowMs: context.now(), ...zone };
}

/**
 * `set_reminder`, `list_reminders` and `cancel_reminder`: timers and reminders the app rings
 * and the assistant says when they are due, kept per user.
 */
export function reminderTools(deps: ReminderToolDeps): Tool[] {
  const { store } = deps;
  const set: Tool = {
    name: 'set_reminder',
    description:
      'Sets a timer or a reminder: when it is due, the app rings and says the text. Give ' +
      'delaySeconds ("in ten minutes" = 600) or at (an ISO 8601 time with its UTC offset, ' +
      'computed from current_time).',
    inputSchema: {
      type: 'object',
      properties: {
        text: {
          type: 'string',
          description: 'What to remind of, e.g. "call Anna"; for a plain timer, "timer".',
          maxLength: MAX_REMINDER_CHARS,
        },
        delaySeconds: { type: 'number', minimum: 1, description: 'Seconds from now.' },
        at: { type: 'string', description: 'e.g. "2026-11-22T17:00:00+01:00"' },
      },
      required: ['text'],
      additionalProperties: false,
    },
    origin: { kind: 'builtin' },
    readOnly: false,
    action: (args, context) => setAction(args, context),
    async run(args, context) {
      const asked = boundedText(args, 'text', MAX_REMINDER_CHARS);
      if (!asked.ok) return asked.refusal;
      const { text } = asked;
      const due = dueTimeOf(args, context.now());
      if (!due.ok) return refusal(due.message);
      // The cap is checked in the insert: parallel calls each counting first all passed it.
      const reminder = await store.add(context.userId, text, due.dueAt, {
        maxPending: MAX_PENDING_REMINDERS,
      });
      if (!reminder)
        return refusal(
          `There are already ${MAX_PENDING_REMINDERS} reminders pending: cancel one first.`,
        );
      deps.changed(context.userId);
      const words = wordsOf(context);
      const at = momentOf(reminder, context);
      return {
        content: JSON.stringify({ set: described(reminder, context) }),
        summary: isTimer(text) ? words.setReminder.timerDone(at) : words.setReminder.done(at, text),
      };
    },
  };
  const list: Tool = {
    name: 'list_reminders',
    description: "Lists the user's pending timers and reminders, soonest first, with their ids.",
    inputSchema: { type: 'object', properties: {}, additionalProperties: false },
    origin: { kind: 'builtin' },
    readOnly: true,
    async run(_args, context) {
      const pending = await store.pending(context.userId);
      return {
        content: JSON.stringify({ reminders: pending.map((r) => described(r, context)) }),
        summary: wordsOf(context).reminders(pending.length),
      };
    },
  };
  const cancel: Tool = {
    name: 'cancel_reminder',
    description:
      'Cancels one pending timer or reminder, by its id (from list_reminders) or by words of its text.',
    inputSchema: {
      type: 'object',
      properties: {
        id: { type: 'string' },
        text: { type: 'string', description: 'Words of its text, e.g. "Anna".' },
      },
      additionalProperties: false,
    },
    origin: { kind: 'builtin' },
    readOnly: false,
    // The reminder meant, by its words and when it is due: an id alone says nothing.
    async action(args, context) {
      const id = textArg(args, 'id');
      const text = textArg(args, 'text');
      const found = pick(await store.pending(context.userId), id, text);
      const words = wordsOf(context);
      if (!found.ok)
        return words.cancelReminder.action({
          ...(text === undefined ? {} : { words: text }),
          ...(id === undefined ? {} : { id }),
        });
      return words.cancelReminder.action({
        text: found.item.text,
        due: momentOf(found.item, context),
      });
    },
    async run(args, context): Promise<ToolResult> {
      const pending = await store.pending(context.userId);
      const found = await removeNamed(pending, args, (id) => store.cancel(context.userId, id));
      if (!found.ok) return found.refusal;
      deps.changed(context.userId);
      return {
        content: JSON.stringify({ cancelled: described(found.item, context) }),
        summary: wordsOf(context).cancelReminder.done(found.item.text),
      };
    },
  };
  return [set, list, cancel];
}
