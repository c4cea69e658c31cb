/** One line of the reminders or notes list: its text and when. */
export interface ToolRow {
  id: string;
  text: string;
  /** "in 4 min · 2:17 PM", "saved Nov 22, 2026". */
  when: string;
}

/** A delay as the list says it, rounded up to the minute: "in 1 min", "in 1 h 5 min", "in 2 d". */
function inWords(ms: number): string {
  const minutes = Math.ceil(ms / 60_000);
  if (minutes < 60) return `in ${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 === 0 ? `in ${hours} h` : `in ${hours} h ${minutes % 60} min`;
  return `in ${Math.round(hours / 24)} d`;
}

/**
 * When a reminder rings, as its row says: how long from now, and the clock time (with the day
 * when it is not today); "due now" once it is due. `timeZone` is the page's unless given. Pure.
 */
export function dueText(dueAt: number, nowMs: number, timeZone?: string): string {
  if (dueAt <= nowMs) return 'due now';
  const zone = timeZone === undefined ? {} : { timeZone };
  const day = (ms: number) => new Date(ms).toLocaleDateString('en-US', zone);
  const clock = new Date(dueAt).toLocaleTimeString('en-US', {
    hour: 'numeric',
    minute: '2-digit',
    ...zone,
  });
  const at =
    day(dueAt) === day(nowMs)
      ? clock
      : `${new Date(dueAt).toLocaleDateString('en-US', { weekday: 'short', month: 'short', day: 'numeric', ...zone })}, ${clock}`;
  return `${inWords(dueAt - nowMs)} · ${at}`;
}

/** The reminders as the list shows them, soonest first. Pure. */
export function reminderRows(
  reminders: readonly { id: string; text: string; dueAt: number }[],
  nowMs: number,
  timeZone?: string,
): ToolRow[] {
  return [...reminders]
    .sort((a, b) => a.dueAt - b.dueAt)
    .map((r) => ({ id: r.id, text: r.text, when: dueText(r.dueAt, nowMs, timeZone) }));
}

/** The notes as Settings shows them, newest first. Pure. */
export function noteRows(
  notes: readonly { id: string; text: string; createdAt: number }[],
  timeZone?: string,
): ToolRow[] {
  const date = (ms: number) =>
    new Date(ms).toLocaleDateString('en-US', {
      dateStyle: 'medium',
      ...(timeZone === undefined ? {} : { timeZone }),
    });
  return [...notes]
    .sort((a, b) => b.createdAt - a.createdAt)
    .map((n) => ({ id: n.id, text: n.text, when: `saved ${date(n.createdAt)}` }));
}

/** `items` without the one of `id` (removed while the relay is asked to). Pure. */
export function without<T extends { id: string }>(items: readonly T[], id: string): T[] {
  return items.filter((i) => i.id !== id);
}
