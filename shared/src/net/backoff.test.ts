import { describe, expect, it } from 'vitest';
import { DEFAULT_BACKOFF, nextRetryDelayMs } from './backoff.ts';

const ctx = (
  attempt: number,
  random: number,
  extra: { elapsedMs?: number; visible?: boolean } = {},
) => ({
  attempt,
  elapsedMs: extra.elapsedMs ?? 0,
  visible: extra.visible ?? true,
  random: () => random,
});

describe('nextRetryDelayMs', () => {
  it('grows the jitter ceiling ×2 from 250 ms and caps it at 10 s', () => {
    const ceilings = [0, 1, 2, 3, 4, 5, 6, 7, 10].map((a) => nextRetryDelayMs(ctx(a, 0.999999)));
    expect(ceilings).toEqual([249, 499, 999, 1999, 3999, 7999, 9999, 9999, 9999]);
  });

  it('spreads delays over the whole range (full jitter)', () => {
    expect(nextRetryDelayMs(ctx(3, 0))).toBe(0);
    expect(nextRetryDelayMs(ctx(3, 0.5))).toBe(1000);
  });

  it('never gives up while the tab is visible', () => {
    expect(nextRetryDelayMs(ctx(500, 0.5, { elapsedMs: 3_600_000 }))).toBe(5000);
  });

  it('gives up in a hidden tab once the total time is spent', () => {
    const limit = DEFAULT_BACKOFF.giveUpAfterMs ?? 0;
    expect(nextRetryDelayMs(ctx(5, 0.5, { elapsedMs: limit - 1, visible: false }))).not.toBeNull();
    expect(nextRetryDelayMs(ctx(5, 0.5, { elapsedMs: limit, visible: false }))).toBeNull();
  });

  it('never gives up when the policy says so', () => {
    const policy = { ...DEFAULT_BACKOFF, giveUpAfterMs: null };
    expect(nextRetryDelayMs(ctx(9, 0.1, { elapsedMs: 1e9, visible: false }), policy)).toBe(1000);
  });

  it('stays within bounds for any random value', () => {
    for (let a = 0; a < 40; a++) {
      for (const r of [0, 0.3, 0.7, 0.9999]) {
        const d = nextRetryDelayMs(ctx(a, r)) ?? -1;
        expect(d).toBeGreaterThanOrEqual(0);
        expect(d).toBeLessThan(10_000);
      }
    }
  });
});
