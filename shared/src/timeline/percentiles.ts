import type { Summary } from '../protocol/ops.ts';

/** Nearest-rank percentile of `values` (q in [0, 1]); NaN for none. Ignores non-finite values. */
export function percentile(values: readonly number[], q: number): number {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil(Math.min(1, Math.max(0, q)) * sorted.length);
  return sorted[Math.max(0, rank - 1)] ?? Number.NaN;
}

/** p50 / p95 / p99 of the finite `values` (nearest rank); null percentiles when there are none. */
export function summarize(values: readonly number[]): Summary {
  const count = values.filter(Number.isFinite).length;
  const at = (q: number) => (count === 0 ? null : percentile(values, q));
  return { count, p50: at(0.5), p95: at(0.95), p99: at(0.99) };
}
