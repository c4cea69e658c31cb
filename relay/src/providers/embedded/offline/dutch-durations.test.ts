import { describe, expect, it } from 'vitest';
import { dutchDelay, dutchDuration, dutchMoment } from './dutch-durations.ts';

const NOW = Date.UTC(2026, 10, 22, 14, 7); // zondag 22 november 2026, 14:07 UTC

describe('a spoken Dutch duration', () => {
  it.each([
    ['tien minuten', 600],
    ['10 minuten', 600],
    ['1 minuut', 60],
    ['een minuut', 60],
    ['één minuut', 60],
    ['een uur', 3_600],
    ['twee uur', 7_200],
    ['een half uur', 1_800],
    ['half uur', 1_800],
    ['anderhalf uur', 5_400],
    ['anderhalve minuut', 90],
    ['een kwartier', 900],
    ['drie kwartier', 2_700],
    ['een uur en een kwartier', 4_500],
    ['een uur en een half', 5_400],
    ['twee uur en dertig minuten', 9_000],
    ['vijfenveertig seconden', 45],
    ['90 seconden', 90],
    ['twee dagen', 172_800],
    ['1,5 uur', 5_400],
  ])('%s = %i s', (said, seconds) => {
    expect(dutchDuration(said)).toBe(seconds);
  });

  it('is nothing else', () => {
    for (const said of ['', 'tien', 'minuten', 'een tijdje', 'tien minuten of zo', 'nul minuten'])
      expect(dutchDuration(said), said).toBeNull();
  });
});

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
