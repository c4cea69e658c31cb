import { percentile } from '@parley/shared';

/** Median (nearest rank) of `xs`; NaN for none. */
export const median = (xs: readonly number[]) => percentile(xs, 0.5);

/** `x` rounded to `digits` decimals (NaN stays NaN). */
export function round(x: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** The largest of `xs`; 0 for none. */
export const worst = (xs: readonly number[]) => xs.reduce((a, b) => Math.max(a, b), 0);
