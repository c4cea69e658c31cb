import { describe, expect, it } from 'vitest';
import { dutchDuration } from './dutch-durations.ts';

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
