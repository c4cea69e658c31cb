import { describe, expect, it } from 'vitest';
import { lateness, stallOf, summarizeStalls } from './stall-policy.ts';

describe('the stall policy', () => {
  it('measures how late a periodic timer ran', () => {
    expect(lateness(1000, 1050, 50)).toBe(0);
    expect(lateness(1000, 1048, 50)).toBe(0);
    expect(lateness(1000, 1450, 50)).toBe(400);
  });

  it('calls a delay a stall when it reaches the threshold', () => {
    expect(stallOf(199.9, 200)).toBeNull();
    expect(stallOf(200, 200)).toBe(200);
    expect(stallOf(1234.5, 200)).toBe(1234.5);
  });

  it('sums up the stalls of the last minutes, forgetting older ones', () => {
    const stalls = [
      { atMs: 1_000, durationMs: 900 },
      { atMs: 400_000, durationMs: 250.4 },
      { atMs: 500_000, durationMs: 610.6 },
    ];
    expect(summarizeStalls(stalls, 550_000, { windowMs: 300_000, thresholdMs: 200 })).toEqual({
      windowMs: 300_000,
      thresholdMs: 200,
      count: 2,
      longestMs: 611,
      lastAtMs: 500_000,
    });
    expect(summarizeStalls(stalls, 900_000, { windowMs: 300_000, thresholdMs: null })).toEqual({
      windowMs: 300_000,
      thresholdMs: 0,
      count: 0,
      longestMs: null,
      lastAtMs: null,
    });
  });
});
