import { describe, expect, it } from 'vitest';
import { growth } from './growth.ts';

const every10s = (f: (i: number) => number) =>
  Array.from({ length: 180 }, (_, i) => [i * 10, f(i)] as const);

describe('growth over a soak', () => {
  it('sees a steady leak under noise', () => {
    // +1 MB per minute under ±3 MB of wobble.
    const g = growth(every10s((i) => 200 + i / 6 + 3 * Math.sin(i * 1.7)));
    expect(g.grows).toBe(true);
    expect(g.perHour).toBeCloseTo(60, 0);
  });

  it('calls a flat figure that wanders flat', () => {
    const g = growth(every10s((i) => 200 + 3 * Math.sin(i * 1.7)));
    expect(g.grows).toBe(false);
    expect(Math.abs(g.overRun)).toBeLessThan(2 * g.noise);
  });

  it('gives no verdict on fewer than three samples', () => {
    expect(
      growth([
        [0, 1],
        [10, 5],
      ]).grows,
    ).toBe(false);
  });
});
