/** Cumulative bucket counts of one Prometheus histogram: upper bound (s) → count ≤ it. */
export interface PromHistogram {
  buckets: { le: number; count: number }[];
  count: number;
  sum: number;
}

/**
 * Reads the unlabelled histogram `name` from Prometheus text exposition; null when absent.
 */
export function parsePromHistogram(text: string, name: string): PromHistogram | null {
  const buckets: PromHistogram['buckets'] = [];
  let count = Number.NaN;
  let sum = Number.NaN;
  for (const line of text.split('\n')) {
    if (!line.startsWith(name)) continue;
    const bucket = /^(\S+)_bucket\{le="([^"]+)"\} (\S+)$/.exec(line);
    if (bucket?.[1] === name) {
      buckets.push({
        le: bucket[2] === '+Inf' ? Number.POSITIVE_INFINITY : Number(bucket[2]),
        count: Number(bucket[3]),
      });
      continue;
    }
    const [key, value] = line.split(' ');
    if (key === `${name}_count`) count = Number(value);
    if (key === `${name}_sum`) sum = Number(value);
  }
  if (buckets.length === 0 || Number.isNaN(count)) return null;
  return { buckets: buckets.sort((a, b) => a.le - b.le), count, sum };
}

/** What was observed between two scrapes of the same histogram. */
export function histogramDelta(before: PromHistogram | null, after: PromHistogram): PromHistogram {
  if (!before) return after;
  return {
    buckets: after.buckets.map((b, i) => ({
      le: b.le,
      count: b.count - (before.buckets[i]?.count ?? 0),
    })),
    count: after.count - before.count,
    sum: after.sum - before.sum,
  };
}

/**
 * The q-quantile (q in [0, 1]) of a histogram, interpolated linearly inside its bucket as
 * Prometheus's `histogram_quantile` does; NaN when empty. Above the last finite bound, that
 * bound is returned (a floor).
 */
export function histogramQuantile(h: PromHistogram, q: number): number {
  if (h.count <= 0) return Number.NaN;
  const rank = q * h.count;
  let lower = 0;
  let below = 0;
  for (const b of h.buckets) {
    if (b.count >= rank) {
      if (!Number.isFinite(b.le)) return lower;
      const inBucket = b.count - below;
      return inBucket <= 0 ? b.le : lower + ((b.le - lower) * (rank - below)) / inBucket;
    }
    lower = b.le;
    below = b.count;
  }
  return lower;
}
