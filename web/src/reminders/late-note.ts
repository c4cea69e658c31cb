import type { IntlShape } from 'react-intl';

/** A reminder shown later than this after it was due is said to be late (ms). */
export const LATE_AFTER_MS = 60_000;

/**
 * What a reminder shown at `shownAt` says of its lateness: "(late: due at 2:32 PM)", with the
 * day when it was not today ("(late: due Mon, Nov 23, 2:32 PM)"), in `timeZone` (the page's
 * unless given); null when it is on time. Pure.
 */
export function lateNote(
  intl: IntlShape,
  dueAt: number,
  shownAt: number,
  timeZone?: string,
): string | null {
  if (shownAt - dueAt <= LATE_AFTER_MS) return null;
  const zone = timeZone === undefined ? {} : { timeZone };
  const time = intl.formatTime(dueAt, { hour: 'numeric', minute: '2-digit', ...zone });
  const day = (ms: number) => intl.formatDate(ms, zone);
  if (day(dueAt) === day(shownAt)) return intl.formatMessage({ id: 'late.today' }, { time });
  const date = intl.formatDate(dueAt, {
    weekday: 'short',
    month: 'short',
    day: 'numeric',
    ...zone,
  });
  return intl.formatMessage({ id: 'late.day' }, { date, time });
}
