import { describe, expect, it } from 'vitest';
import { HeartbeatSweep } from './heartbeat-sweep.ts';

function sweepOf(members: Set<number>, intervalMs = 15_000, tickMs = 100) {
  const visits: number[][] = [];
  let current: number[] = [];
  const sweep = new HeartbeatSweep(members, { intervalMs, tickMs, visit: (m) => current.push(m) });
  const tick = () => {
    current = [];
    sweep.tick();
    visits.push(current);
  };
  return { visits, tick };
}

const range = (n: number) => new Set(Array.from({ length: n }, (_, i) => i));

describe('HeartbeatSweep', () => {
  it('visits every member once per interval, a small slice per tick', () => {
    const { visits, tick } = sweepOf(range(1000));
    for (let i = 0; i < 150; i++) tick();
    expect(Math.max(...visits.map((v) => v.length))).toBeLessThanOrEqual(7);
    const seen = visits.flat();
    expect(seen).toHaveLength(1000);
    expect(new Set(seen).size).toBe(1000);
  });

  it('comes back to each member about one interval later', () => {
    const { visits, tick } = sweepOf(range(1000));
    for (let i = 0; i < 450; i++) tick();
    const ticksOf = new Map<number, number[]>();
    visits.forEach((v, t) => {
      for (const m of v) ticksOf.set(m, [...(ticksOf.get(m) ?? []), t]);
    });
    for (const ticks of ticksOf.values()) {
      expect(ticks).toHaveLength(3);
      for (let i = 1; i < ticks.length; i++)
        expect(Math.abs(ticks[i]! - ticks[i - 1]! - 150)).toBeLessThanOrEqual(2);
    }
  });

  it('spreads a small set over the interval too', () => {
    const { visits, tick } = sweepOf(range(3));
    for (let i = 0; i < 300; i++) tick();
    const at = visits.flatMap((v, t) => v.map(() => t));
    expect(visits.flat()).toEqual([0, 1, 2, 0, 1, 2]);
    // One visit every 50 ticks, not three in a row.
    expect(at.slice(1).map((t, i) => t - at[i]!)).toEqual([50, 50, 50, 50, 50]);
  });

  it('visits members that join during a pass and skips those that left', () => {
    const members = range(100);
    const { visits, tick } = sweepOf(members, 1000, 100);
    tick(); // 0…9
    members.delete(50);
    members.add(1000);
    for (let i = 0; i < 9; i++) tick();
    const seen = visits.flat();
    expect(seen).not.toContain(50);
    expect(seen).toContain(1000);
    expect(new Set(seen).size).toBe(seen.length);
  });

  it('stops when a visit empties the set', () => {
    const members = range(5);
    const sweep = new HeartbeatSweep(members, {
      intervalMs: 100,
      tickMs: 100,
      visit: () => members.clear(),
    });
    sweep.tick();
    expect(members.size).toBe(0);
    sweep.tick();
  });

  it('does nothing with no members, and refuses a tick longer than the interval', () => {
    const { visits, tick } = sweepOf(new Set());
    tick();
    expect(visits.flat()).toEqual([]);
    expect(
      () => new HeartbeatSweep(new Set(), { intervalMs: 100, tickMs: 200, visit: () => {} }),
    ).toThrow(RangeError);
  });
});
