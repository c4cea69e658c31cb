import { describe, expect, it } from 'vitest';
import { ContextClock } from './context-clock.ts';
import { observeContextClock, type ClockedContext } from './context-timing.ts';

const ORIGIN = 1_700_000_000_000;

/** A context 4 s into its life, 3 ms of render latency, whose output timestamp `stamp` gives. */
function context(stamp: (contextTime: number, nowMs: number) => AudioTimestamp): ClockedContext {
  const contextTime = 4;
  return {
    baseLatency: 0.003,
    outputLatency: 0,
    currentTime: contextTime,
    getOutputTimestamp: () => stamp(contextTime, 6_500),
  };
}

describe('observeContextClock', () => {
  it('maps by the output timestamp when the context gives a believable one', () => {
    const clock = new ContextClock({ timeOriginMs: ORIGIN });
    // The frame at 3.99 s was heard 10 ms ago.
    observeContextClock(
      clock,
      context((t, now) => ({ contextTime: t - 0.01, performanceTime: now - 10 })),
      () => 6_500,
    );
    expect(clock.outputEpochMs(4)).toBe(ORIGIN + 6_500);
  });

  it('does not believe a timestamp from the future (WebKitGTK: now + the context time)', () => {
    const clock = new ContextClock({ timeOriginMs: ORIGIN });
    observeContextClock(
      clock,
      context((t, now) => ({ contextTime: t, performanceTime: now + t * 1000 })),
      () => 6_500,
    );
    // The frame rendered now is heard after the render latency, not 4 s later.
    expect(clock.outputEpochMs(4)).toBeCloseTo(ORIGIN + 6_503, 6);
    expect(clock.captureEpochMs(4)).toBeCloseTo(ORIGIN + 6_500, 6);
  });
});
