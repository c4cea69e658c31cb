import { describe, expect, it } from 'vitest';
import { ContextClock } from './context-clock.ts';

const ORIGIN = 1_700_000_000_000;

describe('ContextClock', () => {
  it('maps context time to the epoch via the output timestamp', () => {
    const clock = new ContextClock({ timeOriginMs: ORIGIN });
    expect(clock.synced).toBe(false);
    // Frame at context time 2 s was heard at performance time 2,500 ms.
    expect(clock.observe({ contextTime: 2, performanceTime: 2_500 })).toBe(true);
    expect(clock.outputEpochMs(2)).toBe(ORIGIN + 2_500);
    expect(clock.outputEpochMs(3.25)).toBe(ORIGIN + 3_750);
  });

  it('subtracts render-ahead and input latency for captured audio', () => {
    const clock = new ContextClock({ timeOriginMs: ORIGIN });
    clock.observe({ contextTime: 1, performanceTime: 1_100 });
    clock.renderAheadMs = 30;
    clock.inputLatencyMs = 10;
    expect(clock.captureEpochMs(1)).toBe(ORIGIN + 1_100 - 40);
  });

  it('ignores the zeros reported before output starts', () => {
    const clock = new ContextClock({ timeOriginMs: ORIGIN });
    expect(clock.observe({ contextTime: 0, performanceTime: 0 })).toBe(false);
    expect(clock.observe({})).toBe(false);
    expect(clock.synced).toBe(false);
  });

  it('smooths jitter and follows a slow drift', () => {
    const clock = new ContextClock({ timeOriginMs: 0, smoothing: 0.1 });
    // True offset 500 ms, observations jittered by ±4 ms.
    for (let k = 0; k < 200; k++) {
      const t = 1 + k * 0.02;
      clock.observe({ contextTime: t, performanceTime: t * 1000 + 500 + (k % 2 === 0 ? 4 : -4) });
    }
    expect(Math.abs(clock.outputEpochMs(10) - 10_500)).toBeLessThan(1);
    expect(clock.resyncs).toBe(1);
  });

  it('restarts on a jump such as a suspend and resume', () => {
    const clock = new ContextClock({ timeOriginMs: 0 });
    clock.observe({ contextTime: 1, performanceTime: 1_200 });
    // Suspended for 3 s: context time stood still, performance time did not.
    clock.observe({ contextTime: 1.02, performanceTime: 4_220 });
    expect(clock.outputEpochMs(1.02)).toBe(4_220);
    expect(clock.resyncs).toBe(2);
  });
});
