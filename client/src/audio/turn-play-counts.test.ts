import { describe, expect, it } from 'vitest';
import { TurnPlayCounts } from './turn-play-counts.ts';

describe('TurnPlayCounts', () => {
  it('counts played and non-silent samples per turn, and says which sample was a turn’s first', () => {
    const counts = new TurnPlayCounts(4);
    expect(counts.played(1, 0.5)).toBe(true);
    expect(counts.played(1, 0)).toBe(false);
    expect(counts.of(1)).toEqual({ turnId: 1, playedSamples: 2, nonSilentSamples: 1 });
    expect(counts.of(9)).toEqual({ turnId: 9, playedSamples: 0, nonSilentSamples: 0 });
  });

  it('reports each changed turn once', () => {
    const counts = new TurnPlayCounts(4);
    counts.played(1, 0.5);
    counts.played(2, 0.5);
    expect(counts.takeChanged().map((c) => c.turnId)).toEqual([1, 2]);
    expect(counts.takeChanged()).toEqual([]);
  });

  it('forgets the oldest turns beyond the ones it keeps', () => {
    const counts = new TurnPlayCounts(2);
    for (const turn of [1, 2, 3]) counts.played(turn, 0.5);
    expect(counts.of(1).playedSamples).toBe(0);
    expect(counts.takeChanged().map((c) => c.turnId)).toEqual([2, 3]);
    // A forgotten turn heard again starts anew.
    expect(counts.played(1, 0.5)).toBe(true);
  });
});
