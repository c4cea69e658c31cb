import { validTimeZone } from './time-zone.ts';

const UNITS: readonly [ms: number, one: string][] = [
  [86_400_000, 'day'],
  [3_600_000, 'hour'],
  [60_000, 'minute'],
  [1_000, 'second'],
];

/**
 * A delay as said: "10 minutes", "1 hour and 5 minutes", "30 seconds". Rounded to the second;
 * at most two units (the largest two that are not zero), so it stays short to hear. Pure.
 */
export function describeDelay(ms: number): string {
  let left = Math.max(0, Math.round(ms / 1000)) * 1000;
  const first = UNITS.findIndex(([unit]) => left >= unit);
  if (first === -1) return '0 seconds';
  const said: string[] = [];
  for (const [unit, one] of UNITS.slice(first, first + 2)) {
    const n = Math.floor(left / unit);
    left -= n * unit;
    if (n > 0) said.push(`${n} ${one}${n === 1 ? '' : 's'}`);
  }
  return said.join(' and ');
}

/**
 * When `atMs` is, said in `timeZone` as the user reads a clock: "2:17 PM" today, else with the
 * day ("Monday, 9:00 AM"; past a week, the date). Pure.
 */
export function describeMoment(atMs: number, nowMs: number, timeZone?: string): string {
  const zone = validTimeZone(timeZone);
  const zoned = zone === undefined ? {} : { timeZone: zone };
  const time = new Intl.DateTimeFormat('en-US', { hour: 'numeric', minute: '2-digit', ...zoned });
  const day = (ms: number) =>
    new Intl.DateTimeFormat('en-US', {
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      ...zoned,
    }).format(ms);
  if (day(atMs) === day(nowMs)) return time.format(atMs);
  const week = atMs - nowMs < 6 * 86_400_000;
  const date = new Intl.DateTimeFormat('en-US', {
    ...(week ? { weekday: 'long' } : { weekday: 'long', month: 'long', day: 'numeric' }),
    ...zoned,
  }).format(atMs);
  return `${date}, ${time.format(atMs)}`;
}
