import { describe, expect, it } from 'vitest';
import { planReminders } from './reminder-plan.ts';

const NOW = 1_000_000;
const r = (id: string, inMs: number) => ({ id, dueAt: NOW + inMs });

describe('the reminder plan', () => {
  it('tells what is due and wakes for the soonest one ahead', () => {
    const plan = planReminders(
      [r('a', -5_000), r('b', 0), r('c', 60_000), r('d', 30_000)],
      NOW,
      new Set(),
    );
    expect(plan.due.map((x) => x.id)).toEqual(['a', 'b']);
    expect(plan.wakeAtMs).toBe(NOW + 30_000);
  });

  it('does not tell the open pages twice, and has nothing to wake for when nothing is ahead', () => {
    const plan = planReminders([r('a', -5_000), r('b', -1)], NOW, new Set(['a']));
    expect(plan.due.map((x) => x.id)).toEqual(['b']);
    expect(plan.wakeAtMs).toBeNull();
    expect(planReminders([], NOW, new Set())).toEqual({ due: [], wakeAtMs: null });
  });
});
