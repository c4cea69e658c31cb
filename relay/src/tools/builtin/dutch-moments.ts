import { validTimeZone } from './time-zone.ts';

const UNITS: readonly (readonly [ms: number, unit: string])[] = [
  [86_400_000, 'day'],
  [3_600_000, 'hour'],
  [60_000, 'minute'],
  [1_000, 'second'],
];

/**
 * A delay as a Dutch speaker says it: "10 minuten", "1 uur en 5 minuten", "30 seconden".
 * Rounded to the second; at most the two largest units that are not zero. Pure.
 */
export function dutchDelay(ms: number): string {
  let left = Math.max(0, Math.round(ms / 1000)) * 1000;
  const first = UNITS.findIndex(([unit]) => left >= unit);
  const said: string[] = [];
  for (const [unit, name] of first === -1 ? [] : UNITS.slice(first, first + 2)) {
    const n = Math.floor(left / unit);
    left -= n * unit;
    if (n > 0) said.push(unitFormat(name).format(n));
  }
  return said.length === 0 ? unitFormat('second').format(0) : listFormat.format(said);
}

const listFormat = new Intl.ListFormat('nl', { type: 'conjunction' });
const unitFormats = new Map<string, Intl.NumberFormat>();
function unitFormat(unit: string): Intl.NumberFormat {
  let f = unitFormats.get(unit);
  if (!f) {
    f = new Intl.NumberFormat('nl', { style: 'unit', unit, unitDisplay: 'long' });
    unitFormats.set(unit, f);
  }
  return f;
}

/**
 * When `atMs` is, said in Dutch in `timeZone` as the user reads a clock, as it stands in a
 * sentence: "om 14:17" today, else with the day ("maandag om 9:00"; past a week, the date:
 * "maandag 30 november om 9:00"). Pure.
 */
export function dutchMoment(atMs: number, nowMs: number, timeZone?: string): string {
  const zone = validTimeZone(timeZone);
  const zoned = zone === undefined ? {} : { timeZone: zone };
  const time = new Intl.DateTimeFormat('nl-NL', { hour: 'numeric', minute: '2-digit', ...zoned });
  const day = (ms: number) =>
    new Intl.DateTimeFormat('nl-NL', { dateStyle: 'short', ...zoned }).format(ms);
  const at = `om ${time.format(atMs)}`;
  if (day(atMs) === day(nowMs)) return at;
  const week = atMs - nowMs < 6 * 86_400_000;
  const date = new Intl.DateTimeFormat('nl-NL', {
    ...(week ? { weekday: 'long' } : { weekday: 'long', month: 'long', day: 'numeric' }),
    ...zoned,
  }).format(atMs);
  return `${date} ${at}`;
}
