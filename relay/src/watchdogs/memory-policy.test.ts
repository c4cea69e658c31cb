import { describe, expect, it } from 'vitest';
import { initialMemoryState, memoryStep, type MemoryWatchState } from './memory-policy.ts';

const MB = 1024 ** 2;
const options = { limitBytes: 1000 * MB, warnPercent: 80, reportEveryMs: 300_000 };

/** Runs the policy over RSS readings (MB), one check every 5 s from t = 0. */
function run(rssMb: readonly number[]) {
  let state: MemoryWatchState = initialMemoryState(0);
  return rssMb.map((mb, i) => {
    const step = memoryStep(state, { rssBytes: mb * MB, nowMs: i * 5000 }, options);
    state = step.state;
    return step;
  });
}

describe('the memory policy', () => {
  it('says once that memory went high, and once that it recovered', () => {
    const steps = run([500, 790, 810, 900, 850, 780, 760, 740, 820]);
    expect(steps.map((s) => s.crossed)).toEqual([
      null,
      null,
      'high',
      null,
      null,
      // Below 80 % but not below 75 %: still high (no flapping at the threshold).
      null,
      null,
      'recovered',
      'high',
    ]);
    expect(steps[3]?.state).toMatchObject({ high: true, highSinceMs: 10_000 });
    expect(steps[7]?.state).toMatchObject({ high: false, highSinceMs: null });
  });

  it('puts the figures in the log at the first check, then every 5 minutes', () => {
    // 121 checks 5 s apart: t = 0 … 600 s.
    const steps = run(Array.from({ length: 121 }, () => 100));
    const reportedAtS = steps.flatMap((s, i) => (s.report ? [i * 5] : []));
    expect(reportedAtS).toEqual([0, 300, 600]);
  });
});
