import { describe, expect, it } from 'vitest';
import { downKey, HEALTH_LOG_EVERY_MS, roundLogDue, type ProviderCheck } from './health-round.ts';

const check = (provider: string, up: boolean): ProviderCheck => ({
  provider,
  stage: 'llm',
  checked: 'probe',
  up,
  ms: 12,
});

describe('roundLogDue', () => {
  it('logs the first round, a change of who is down, and otherwise one round per interval', () => {
    const down = downKey([check('b', false), check('a', false), check('c', true)]);
    expect(down).toBe('a,b');
    expect(roundLogDue(null, { atMs: 0, down: '' })).toBe(true);
    const last = { atMs: 1_000, down };
    expect(roundLogDue(last, { atMs: 31_000, down: 'a,b' })).toBe(false);
    expect(roundLogDue(last, { atMs: 31_000, down: 'a' })).toBe(true);
    expect(roundLogDue(last, { atMs: 31_000, down: '' })).toBe(true);
    expect(roundLogDue(last, { atMs: 1_000 + HEALTH_LOG_EVERY_MS - 1, down })).toBe(false);
    expect(roundLogDue(last, { atMs: 1_000 + HEALTH_LOG_EVERY_MS, down })).toBe(true);
    expect(roundLogDue(last, { atMs: 11_000, down }, 10_000)).toBe(true);
  });
});
