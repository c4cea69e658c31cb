import { describe, expect, it } from 'vitest';
import { dutchDelay, dutchMoment } from './dutch-moments.ts';

const NOW = Date.UTC(2026, 10, 22, 14, 7); // zondag 22 november 2026, 14:07 UTC

describe('a delay and a moment, said in Dutch', () => {
  it.each([
    [600_000, '10 minuten'],
    [60_000, '1 minuut'],
    [3_900_000, '1 uur en 5 minuten'],
    [7_200_000, '2 uur'],
    [30_000, '30 seconden'],
    [0, '0 seconden'],
  ])('%i ms: %s', (ms, said) => {
    expect(dutchDelay(ms)).toBe(said);
  });

  it('says a moment today by its time, another day with the day', () => {
    expect(dutchMoment(NOW + 600_000, NOW, 'UTC')).toBe('om 14:17');
    expect(dutchMoment(NOW + 600_000, NOW, 'Asia/Tokyo')).toBe('om 23:17');
    expect(dutchMoment(Date.UTC(2026, 10, 23, 9, 0), NOW, 'UTC')).toBe('maandag om 9:00');
    expect(dutchMoment(Date.UTC(2026, 11, 1, 9, 0), NOW, 'UTC')).toBe('dinsdag 1 december om 9:00');
  });
});
