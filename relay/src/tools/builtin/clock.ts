import type { Tool } from '../tool.ts';
import { builtinToolWords } from './tool-words.ts';
import { validTimeZone } from './time-zone.ts';

export { validTimeZone } from './time-zone.ts';

/** The time and date somewhere, as a person says them and as a machine reads them. */
export interface ClockReading {
  /** "2:07 PM" */
  time: string;
  /** "Sunday, November 22, 2026" */
  date: string;
  /** The IANA zone it was read in (the relay's when the user's is unknown or invalid). */
  timeZone: string;
  /** ISO 8601 local time with its UTC offset, "2026-11-22T23:07:00+09:00": a base for sums. */
  iso: string;
}

/** The moment `nowMs` read in `timeZone` (invalid or absent: the relay's own zone). Pure. */
export function clockReading(nowMs: number, timeZone?: string): ClockReading {
  const zone = validTimeZone(timeZone) ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  const at = new Date(nowMs);
  const time = new Intl.DateTimeFormat('en-US', {
    hour: 'numeric',
    minute: '2-digit',
    timeZone: zone,
  }).format(at);
  const date = new Intl.DateTimeFormat('en-US', {
    weekday: 'long',
    month: 'long',
    day: 'numeric',
    year: 'numeric',
    timeZone: zone,
  }).format(at);
  return { time, date, timeZone: zone, iso: localIso(at, zone) };
}

/** `at` as local ISO 8601 in `zone`, seconds included, with the zone's offset then. */
function localIso(at: Date, zone: string): string {
  const parts = new Intl.DateTimeFormat('en-US', {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
    timeZone: zone,
    timeZoneName: 'longOffset',
  }).formatToParts(at);
  const part = (type: Intl.DateTimeFormatPartTypes) =>
    parts.find((p) => p.type === type)?.value ?? '';
  // "GMT+09:00", or "GMT" alone for UTC itself.
  const offset = part('timeZoneName').replace('GMT', '') || '+00:00';
  return `${part('year')}-${part('month')}-${part('day')}T${part('hour')}:${part('minute')}:${part('second')}${offset}`;
}

/** `current_time`: the date and time in the user's time zone (the browser says which). */
export const clockTool: Tool = {
  name: 'current_time',
  description:
    "The current date and time in the user's time zone, with the UTC offset (ISO 8601). Use it " +
    'for any question about the time, the date or the day of the week, and as the base for ' +
    'times you compute (a reminder at a given hour).',
  inputSchema: { type: 'object', properties: {}, additionalProperties: false },
  origin: { kind: 'builtin' },
  readOnly: true,
  run(_args, context) {
    const nowMs = context.now();
    const reading = clockReading(nowMs, context.timeZone);
    return Promise.resolve({
      content: JSON.stringify(reading),
      summary: builtinToolWords(context.language).clock({
        atMs: nowMs,
        nowMs,
        timeZone: reading.timeZone,
      }),
    });
  },
};
