import { describe, expect, it } from 'vitest';
import { stuckTurnActions } from './stuck-turn-policy.ts';

const policy = { warnMs: 60_000, endMs: 120_000 };
const none = { warned: new Set<number>(), ended: new Set<number>() };

describe('the stuck-turn policy', () => {
  it('leaves a turn alone for a minute, reports it then, and stops it at two', () => {
    const turns = [{ id: 7, startedAtMs: 0 }];
    expect(stuckTurnActions(turns, 59_999, policy, none)).toEqual([]);
    expect(stuckTurnActions(turns, 60_000, policy, none)).toEqual([
      { id: 7, action: 'warn', runningMs: 60_000 },
    ]);
    const warned = { warned: new Set([7]), ended: new Set<number>() };
    expect(stuckTurnActions(turns, 90_000, policy, warned)).toEqual([]);
    expect(stuckTurnActions(turns, 120_000, policy, warned)).toEqual([
      { id: 7, action: 'end', runningMs: 120_000 },
    ]);
    const ended = { warned: new Set([7]), ended: new Set([7]) };
    expect(stuckTurnActions(turns, 180_000, policy, ended)).toEqual([]);
  });

  it('reports before it stops a turn first seen past both, and never stops one without an end', () => {
    const turns = [
      { id: 1, startedAtMs: 0 },
      { id: 2, startedAtMs: 100_000 },
    ];
    expect(stuckTurnActions(turns, 130_000, policy, none).map((a) => [a.id, a.action])).toEqual([
      [1, 'warn'],
      [1, 'end'],
    ]);
    expect(
      stuckTurnActions(turns, 1e9, { warnMs: 60_000, endMs: null }, none).map((a) => a.action),
    ).toEqual(['warn', 'warn']);
  });
});
