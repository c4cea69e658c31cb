import { describe, expect, it } from 'vitest';
import { EnergyOnset } from './energy-onset.ts';

const onsets = (levels: number[]) => {
  const d = new EnergyOnset();
  return levels.flatMap((l, i) => (d.block(l) ? [i] : []));
};

describe('EnergyOnset', () => {
  it('fires once when speech starts in a quiet room', () => {
    expect(onsets([-70, -70, -68, -25, -22, -20, -70, -70, -24])).toEqual([3, 8]);
  });

  it('never fires below the absolute minimum', () => {
    expect(onsets([-90, -90, -45, -44, -90])).toEqual([]);
  });

  it('follows a noisy floor: steady noise does not trigger, speech above it does', () => {
    const noise = Array<number>(200).fill(-42);
    expect(onsets([...noise, -41, -43, -20])).toEqual([202]);
  });

  it('ignores digital silence', () => {
    expect(onsets([Number.NEGATIVE_INFINITY, -Infinity, -30])).toEqual([2]);
  });
});
