import { describe, expect, it } from 'vitest';
import { ClockOffsetEstimator, type ClockSample } from './clock-offset.ts';

/** A deterministic PRNG so the "jitter" is the same on every run. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/**
 * Round trips between a client and a relay whose clock is `offsetMs` ahead (plus `driftPpm`
 * drift), with one-way delays of `baseMs` plus random jitter, asymmetric by design.
 */
function trips(
  n: number,
  o: { offsetMs: number; baseMs: number; jitterMs: number; driftPpm?: number; seed?: number },
) {
  const r = rng(o.seed ?? 1);
  const out: ClockSample[] = [];
  let t = 1_700_000_000_000;
  for (let i = 0; i < n; i++) {
    t += 1000;
    const up = o.baseMs + r() * o.jitterMs;
    const down = o.baseMs + r() * o.jitterMs * 3; // the way back is noisier
    const serverTrue = t + up;
    const offset = o.offsetMs + ((serverTrue - 1_700_000_000_000) * (o.driftPpm ?? 0)) / 1e6;
    out.push({ sentAtMs: t, serverAtMs: serverTrue + offset, receivedAtMs: t + up + down });
  }
  return out;
}

describe('ClockOffsetEstimator', () => {
  it('knows nothing before the first round trip', () => {
    expect(new ClockOffsetEstimator().estimate()).toBeNull();
  });

  it('finds a large offset exactly with symmetric, steady delays', () => {
    const e = new ClockOffsetEstimator();
    for (const s of trips(10, { offsetMs: -123_456.5, baseMs: 20, jitterMs: 0 })) e.add(s);
    const est = e.estimate();
    expect(est?.offsetMs).toBeCloseTo(-123_456.5, 6);
    expect(est?.rttMs).toBeCloseTo(40, 6);
  });

  it('stays within its error bound under jitter, the bound tighter than half the median round trip', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const e = new ClockOffsetEstimator();
      const samples = trips(60, { offsetMs: 5_000, baseMs: 15, jitterMs: 40, seed });
      for (const s of samples) e.add(s);
      const est = e.estimate();
      expect(est).not.toBeNull();
      if (!est) return;
      expect(Math.abs(est.offsetMs - 5_000)).toBeLessThanOrEqual(est.errorMs + 1e-9);
      const rtts = samples.map((s) => s.receivedAtMs - s.sentAtMs).sort((a, b) => a - b);
      expect(est.errorMs).toBeLessThan((rtts[30] ?? 0) / 2);
    }
  });

  it('follows drift through its window', () => {
    const e = new ClockOffsetEstimator({ window: 16 });
    const samples = trips(600, { offsetMs: 100, baseMs: 10, jitterMs: 5, driftPpm: 50 });
    for (const s of samples) e.add(s);
    // After 600 s at 50 ppm the offset moved by 30 ms.
    expect(e.estimate()?.offsetMs).toBeGreaterThan(125);
    expect(e.estimate()?.offsetMs).toBeLessThan(135);
  });

  it('falls back to the fastest round trip when the relay clock jumps', () => {
    const e = new ClockOffsetEstimator({ best: 3 });
    for (const s of trips(3, { offsetMs: 0, baseMs: 10, jitterMs: 2 })) e.add(s);
    for (const s of trips(3, { offsetMs: 500, baseMs: 10, jitterMs: 2, seed: 9 })) e.add(s);
    const est = e.estimate();
    expect(est?.samples).toBe(1);
    expect(est?.errorMs).toBeLessThan(20);
  });

  it('ignores impossible samples', () => {
    const e = new ClockOffsetEstimator();
    e.add({ sentAtMs: 10, serverAtMs: 5, receivedAtMs: 5 });
    e.add({ sentAtMs: 10, serverAtMs: Number.NaN, receivedAtMs: 20 });
    expect(e.size).toBe(0);
  });
});
