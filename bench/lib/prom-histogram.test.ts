import { describe, expect, it } from 'vitest';
import { histogramDelta, histogramQuantile, parsePromHistogram } from './prom-histogram.ts';

const text = (counts: [number, number, number], sum: number) =>
  [
    '# TYPE x_seconds histogram',
    `x_seconds_bucket{le="0.001"} ${counts[0]}`,
    `x_seconds_bucket{le="0.005"} ${counts[1]}`,
    `x_seconds_bucket{le="+Inf"} ${counts[2]}`,
    `x_seconds_sum ${sum}`,
    `x_seconds_count ${counts[2]}`,
    'x_seconds_other 1',
  ].join('\n');

describe('Prometheus histogram', () => {
  it('parses one histogram and ignores others', () => {
    expect(parsePromHistogram(text([1, 3, 4], 0.02), 'x_seconds')).toEqual({
      buckets: [
        { le: 0.001, count: 1 },
        { le: 0.005, count: 3 },
        { le: Number.POSITIVE_INFINITY, count: 4 },
      ],
      count: 4,
      sum: 0.02,
    });
    expect(parsePromHistogram(text([1, 3, 4], 0.02), 'y_seconds')).toBeNull();
  });

  it('subtracts an earlier scrape and interpolates quantiles inside buckets', () => {
    const before = parsePromHistogram(text([10, 10, 10], 0.005), 'x_seconds');
    const after = parsePromHistogram(text([20, 30, 30], 0.05), 'x_seconds');
    if (!after) throw new Error('no histogram');
    const d = histogramDelta(before, after);
    expect(d.count).toBe(20);
    expect(histogramQuantile(d, 0.25)).toBeCloseTo(0.0005);
    expect(histogramQuantile(d, 0.75)).toBeCloseTo(0.003);
    expect(histogramQuantile({ ...d, count: 0 }, 0.5)).toBeNaN();
  });

  it('returns the last finite bound for a quantile in the +Inf bucket', () => {
    const h = parsePromHistogram(text([0, 0, 5], 1), 'x_seconds');
    if (!h) throw new Error('no histogram');
    expect(histogramQuantile(h, 0.99)).toBe(0.005);
  });
});
