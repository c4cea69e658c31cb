import { describe, expect, it } from 'vitest';
import { planPushes } from './push-plan.ts';

const T = 1_000_000_000;
const o = { graceMs: 3_000, maxLateMs: 86_400_000, pollMs: 60_000 };
const r = (id: string, dueAt: number) => ({ id, dueAt });

describe('planPushes', () => {
  it('leaves a due reminder to the open pages for its grace, then pushes it', () => {
    const due = r('a', T);
    expect(planPushes([due], true, T + 1_000, o)).toEqual({
      push: [],
      skip: [],
      wakeAtMs: T + 3_000,
    });
    expect(planPushes([due], true, T + 3_000, o)).toEqual({
      push: [due],
      skip: [],
      wakeAtMs: T + 3_000 + 60_000,
    });
  });

  it('wakes for the next one ahead, or at the poll when that comes first', () => {
    const soon = r('soon', T + 10_000);
    const far = r('far', T + 3_600_000);
    expect(planPushes([soon, far], true, T, o).wakeAtMs).toBe(T + 13_000);
    expect(planPushes([far], true, T, o).wakeAtMs).toBe(T + 60_000);
    expect(planPushes([], true, T, o).wakeAtMs).toBe(T + 60_000);
  });

  it('does not push what is days late, but marks it so it is not read again', () => {
    const stale = r('stale', T - 2 * 86_400_000);
    const fresh = r('fresh', T - 3_600_000);
    expect(planPushes([stale, fresh], true, T, o)).toEqual({
      push: [fresh],
      skip: [stale],
      wakeAtMs: T + 60_000,
    });
  });

  it('reads again at once when a bounded read was all due (more may wait behind it)', () => {
    const due = [r('a', T - 10_000), r('b', T - 5_000)];
    expect(planPushes(due, false, T, o).wakeAtMs).toBe(T);
    // All read: nothing waits behind them.
    expect(planPushes(due, true, T, o).wakeAtMs).toBe(T + 60_000);
    // One still ahead: the read reached past what is due.
    expect(planPushes([...due, r('c', T + 5_000)], false, T, o).wakeAtMs).toBe(T + 8_000);
  });
});
