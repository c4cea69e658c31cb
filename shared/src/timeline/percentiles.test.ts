import { describe, expect, it } from 'vitest';
import { percentile, summarize } from './percentiles.ts';

describe('percentile (nearest rank)', () => {
  it('picks ranked values', () => {
    const xs = [15, 20, 35, 40, 50];
    expect(percentile(xs, 0.05)).toBe(15);
    expect(percentile(xs, 0.3)).toBe(20);
    expect(percentile(xs, 0.4)).toBe(20);
    expect(percentile(xs, 0.5)).toBe(35);
    expect(percentile(xs, 1)).toBe(50);
  });

  it('is NaN for no values and skips non-finite ones', () => {
    expect(percentile([], 0.5)).toBeNaN();
    expect(percentile([Number.NaN, 3, Number.POSITIVE_INFINITY], 0.99)).toBe(3);
  });

  it('summarizes p50/p95/p99 of 1..100', () => {
    const xs = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(summarize(xs)).toEqual({ count: 100, p50: 50, p95: 95, p99: 99 });
  });

  it('summarizes no finite values as null percentiles (what JSON carries)', () => {
    expect(summarize([Number.NaN])).toEqual({ count: 0, p50: null, p95: null, p99: null });
  });
});
