/**
 * Whether a figure sampled over a long run grows, or only wanders: the least-squares slope over
 * the samples after warm-up, against the run's own noise (the residuals' standard deviation).
 * Pure.
 */
export interface Growth {
  /** Change per hour, from the fitted line. */
  perHour: number;
  /** The fitted line's change over the samples' span. */
  overRun: number;
  /** Standard deviation of the samples around the line: the run-to-run noise. */
  noise: number;
  /** Grows: the fitted change over the run is more than twice the noise. */
  grows: boolean;
}

/** `points` are [seconds, value]; fewer than three give no verdict (no growth, no noise). */
export function growth(points: readonly (readonly [number, number])[]): Growth {
  const n = points.length;
  if (n < 3) return { perHour: 0, overRun: 0, noise: 0, grows: false };
  const mx = points.reduce((s, [x]) => s + x, 0) / n;
  const my = points.reduce((s, [, y]) => s + y, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (const [x, y] of points) {
    sxy += (x - mx) * (y - my);
    sxx += (x - mx) ** 2;
  }
  const slope = sxx === 0 ? 0 : sxy / sxx;
  const residuals = points.map(([x, y]) => y - (my + slope * (x - mx)));
  const noise = Math.sqrt(residuals.reduce((s, r) => s + r * r, 0) / (n - 2));
  const span = (points[n - 1]?.[0] ?? 0) - (points[0]?.[0] ?? 0);
  const overRun = slope * span;
  return { perHour: slope * 3600, overRun, noise, grows: overRun > 2 * noise };
}
