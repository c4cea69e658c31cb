import type { IntlShape } from 'react-intl';

/** One line of the reminders or notes list: its text and when. */
export interface ToolRow {
  id: string;
  text: string;
  /** "in 4 min · 2:17 PM", "saved Nov 22, 2026". */
  when: string;
}

/** A delay as the list says it, rounded up to the minute: "in 1 min", "in 1 h 5 min", "in 2 d". */
function inWords(intl: IntlShape, ms: number): string {
  const minutes = Math.ceil(ms / 60_000);
  if (minutes < 60) return intl.formatMessage({ id: 'tools.inMin' }, { minutes });
  const hours = Math.floor(minutes / 60);
  if (hours < 24)
    return minutes % 60 === 0
      ? intl.formatMessage({ id: 'tools.inH' }, { hours })
      : intl.formatMessage({ id: 'tools.inHMin' }, { hours, minutes: minutes % 60 });
  return intl.formatMessage({ id: 'tools.inD' }, { days: Math.round(hours / 24) });
}

/**
 * When a reminder rings, as its row says: how long from now, and the clock time (with the day
 * when it is not today); "due now" once it is due. `timeZone` is the page's unless given. Pure.
 */
export function dueText(intl: IntlShape, dueAt: number, nowMs: number, timeZone?: string): string {
  if (dueAt <= nowMs) return intl.formatMessage({ id: 'tools.dueNow' });
  const zone = timeZone === undefined ? {} : { timeZone };
  const day = (ms: number) => intl.formatDate(ms, zone);
  const time = intl.formatTime(dueAt, { hour: 'numeric', minute: '2-digit', ...zone });
  const at =
    day(dueAt) === day(nowMs)
      ? time
      : intl.formatMessage(
          { id: 'tools.dayAt' },
          {
            day: intl.formatDate(dueAt, {
              weekday: 'short',
              month: 'short',
              day: 'numeric',
              ...zone,
            }),
            time,
          },
        );
  return intl.formatMessage({ id: 'tools.when' }, { delay: inWords(intl, dueAt - nowMs), at });
}

/** The reminders as the list shows them, soonest first. Pure. */
export function reminderRows(
  intl: IntlShape,
  reminders: readonly { id: string; text: string; dueAt: number }[],
  nowMs: number,
  timeZone?: string,
): ToolRow[] {
  return [...reminders]
    .sort((a, b) => a.dueAt - b.dueAt)
    .map((r) => ({ id: r.id, text: r.text, when: dueText(intl, r.dueAt, nowMs, timeZone) }));
}

/** The notes as Settings shows them, newest first. Pure. */
export function noteRows(
  intl: IntlShape,
  notes: readonly { id: string; text: string; createdAt: number }[],
  timeZone?: string,
): ToolRow[] {
  const date = (ms: number) =>
    intl.formatDate(ms, {
      dateStyle: 'medium',
      ...(timeZone === undefined ? {} : { timeZone }),
    });
  return [...notes]
    .sort((a, b) => b.createdAt - a.createdAt)
    .map((n) => ({
      id: n.id,
      text: n.text,
      when: intl.formatMessage({ id: 'tools.saved' }, { date: date(n.createdAt) }),
    }));
}

/** `items` without the one of `id` (removed while the relay is asked to). Pure. */
export function without<T extends { id: string }>(items: readonly T[], id: string): T[] {
  return items.filter((i) => i.id !== id);
}
