/** A reminder shown later than this after it was due is said to be late (ms). */
export const LATE_AFTER_MS = 60_000;

/**
 * What a reminder shown at `shownAt` says of its lateness: "(late: due at 2:32 PM)", with the
 * day when it was not today ("(late: due Mon, Nov 23, 2:32 PM)"), in `timeZone` (the page's
 * unless given); null when it is on time. Pure.
 */
export function lateNote(dueAt: number, shownAt: number, timeZone?: string): string | null {
  if (shownAt - dueAt <= LATE_AFTER_MS) return null;
  const zone = timeZone === undefined ? {} : { timeZone };
  const clock = new Date(dueAt).toLocaleTimeString('en-US', {
    hour: 'numeric',
    minute: '2-digit',
    ...zone,
  });
  const day = (ms: number) => new Date(ms).toLocaleDateString('en-US', zone);
  if (day(dueAt) === day(shownAt)) return `(late: due at ${clock})`;
  const date = new Date(dueAt).toLocaleDateString('en-US', {
    weekday: 'short',
    month: 'short',
    day: 'numeric',
    ...zone,
  });
  return `(late: due ${date}, ${clock})`;
}
