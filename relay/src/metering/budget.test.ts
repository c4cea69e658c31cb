import { CloseCode } from '@parley/shared';
import { describe, expect, it } from 'vitest';
import {
  budgetExceededError,
  budgetLimitsFromUsd,
  budgetState,
  budgetWarningText,
  formatUsd,
  preflight,
  type BudgetLimits,
  type BudgetState,
} from './budget.ts';
import { CostMeter } from './cost-meter.ts';
import { PricingTable } from './pricing.ts';
import type { LlmUsage } from './usage.ts';

const USD = 1_000_000;
/** The defaults: $1 per session, $5 per user per day, warnings at 80 %. */
const LIMITS = budgetLimitsFromUsd({ sessionUsd: 1, userDayUsd: 5, softRatio: 0.8 });

function state(sessionMicros: number, userDayMicros = sessionMicros, limits = LIMITS) {
  return budgetState({ sessionMicros, userDayMicros }, limits);
}

describe('budgetLimitsFromUsd', () => {
  it('turns dollars into micro-dollars, with soft limits at the ratio', () => {
    expect(LIMITS).toEqual({
      session: { hardMicros: 1_000_000, softMicros: 800_000 },
      userDay: { hardMicros: 5_000_000, softMicros: 4_000_000 },
    });
  });
});

describe('budgetState', () => {
  it('goes ok → warning → exceeded for a session, at the exact thresholds', () => {
    expect(state(0)).toEqual({ state: 'ok' });
    expect(state(799_999)).toEqual({ state: 'ok' });
    expect(state(800_000)).toEqual({
      state: 'warning',
      scope: 'session',
      spentMicros: 800_000,
      limitMicros: 800_000,
      hardLimitMicros: 1_000_000,
    });
    expect(state(999_999).state).toBe('warning');
    expect(state(1_000_000)).toEqual({
      state: 'exceeded',
      scope: 'session',
      spentMicros: 1_000_000,
      limitMicros: 1_000_000,
    });
  });

  it('goes ok → warning → exceeded for a user’s day, at the exact thresholds', () => {
    expect(state(0, 3_999_999)).toEqual({ state: 'ok' });
    expect(state(0, 4_000_000)).toMatchObject({ state: 'warning', scope: 'user-day' });
    expect(state(0, 4_999_999)).toMatchObject({ state: 'warning', scope: 'user-day' });
    expect(state(0, 5_000_000)).toEqual({
      state: 'exceeded',
      scope: 'user-day',
      spentMicros: 5_000_000,
      limitMicros: 5_000_000,
    });
  });

  it('reports the day’s cap when both are exceeded: a new session would not help', () => {
    expect(state(1_000_000, 5_000_000)).toMatchObject({ state: 'exceeded', scope: 'user-day' });
    expect(state(1_000_000, 4_500_000)).toMatchObject({ state: 'exceeded', scope: 'session' });
  });

  it('when both warn, reports the one with less left', () => {
    expect(state(900_000, 4_500_000)).toMatchObject({ state: 'warning', scope: 'session' });
    expect(state(800_000, 4_900_000)).toMatchObject({ state: 'warning', scope: 'user-day' });
  });

  it('treats a cap of 0 as unlimited', () => {
    const unlimited = budgetLimitsFromUsd({ sessionUsd: 0, userDayUsd: 0, softRatio: 0.8 });
    expect(state(1e12, 1e12, unlimited)).toEqual({ state: 'ok' });
    const dayOnly = budgetLimitsFromUsd({ sessionUsd: 0, userDayUsd: 5, softRatio: 0.8 });
    expect(state(4 * USD, 4 * USD, dayOnly)).toMatchObject({ state: 'warning', scope: 'user-day' });
  });

  it('never warns when the soft ratio is 0', () => {
    const noWarning = budgetLimitsFromUsd({ sessionUsd: 1, userDayUsd: 5, softRatio: 0 });
    expect(state(999_999, 999_999, noWarning)).toEqual({ state: 'ok' });
    expect(state(1_000_000, 1_000_000, noWarning).state).toBe('exceeded');
  });
});

describe('preflight', () => {
  const spend = (sessionMicros: number, userDayMicros = sessionMicros) => ({
    sessionMicros,
    userDayMicros,
  });

  it('lets a call start when it fits, even exactly', () => {
    expect(preflight(spend(900_000), 50_000, LIMITS)).toEqual({ ok: true });
    expect(preflight(spend(900_000), 100_000, LIMITS)).toEqual({ ok: true });
  });

  it('refuses a call whose estimate would pass the cap', () => {
    expect(preflight(spend(900_000), 100_001, LIMITS)).toEqual({
      ok: false,
      scope: 'session',
      reason: 'would-exceed',
      spentMicros: 900_000,
      limitMicros: 1_000_000,
      estimateMicros: 100_001,
    });
  });

  it('refuses every call once a cap is reached, even one priced at 0', () => {
    expect(preflight(spend(1_000_000), 0, LIMITS)).toMatchObject({
      ok: false,
      reason: 'cap-reached',
    });
    expect(preflight(spend(0, 5_000_000), 0, LIMITS)).toMatchObject({
      ok: false,
      scope: 'user-day',
      reason: 'cap-reached',
    });
  });

  it('names a reached cap before one that would only be passed', () => {
    expect(preflight(spend(999_000, 5_000_000), 10_000, LIMITS)).toMatchObject({
      scope: 'user-day',
      reason: 'cap-reached',
    });
  });

  it('lets everything through when unlimited', () => {
    const unlimited: BudgetLimits = {
      session: { softMicros: 0, hardMicros: 0 },
      userDay: { softMicros: 0, hardMicros: 0 },
    };
    expect(preflight(spend(1e12), 1e9, unlimited)).toEqual({ ok: true });
  });

  it('rejects a nonsense estimate', () => {
    expect(() => preflight(spend(0), -1, LIMITS)).toThrow(RangeError);
  });
});

describe('a conversation against its budget', () => {
  /**
   * Five turns of $0.30 each ($0.25 of prompt at gpt-4o's $2.50/M, $0.05 of reply at $10/M),
   * each preceded by a preflight with `estimateMicros`. Returns one line per turn.
   */
  function converse(estimateMicros: number): string[] {
    let t = Date.parse('2025-03-01T12:00:00Z');
    const meter = new CostMeter({ pricing: PricingTable.withDefaults(), now: () => t });
    const reply: LlmUsage = {
      stage: 'llm',
      providerId: 'openai:gpt-4o',
      speculative: false,
      inputTokens: 100_000,
      outputTokens: 5_000,
      estimated: false,
    };
    const spend = () => ({
      sessionMicros: meter.sessionTotal('s1'),
      userDayMicros: meter.userDayTotal('ada'),
    });
    const log: string[] = [];
    for (let turnId = 1; turnId <= 5; turnId++) {
      t += 60_000;
      const go = preflight(spend(), estimateMicros, LIMITS);
      if (!go.ok) {
        log.push(`turn ${turnId}: refused (${go.reason})`);
        continue;
      }
      meter.record({ userId: 'ada', sessionId: 's1', turnId, seq: 0, usage: reply });
      const total = formatUsd(meter.sessionTotal('s1'));
      log.push(`turn ${turnId}: ${total} ${budgetState(spend(), LIMITS).state}`);
    }
    return log;
  }

  it('warns at 80 %, then refuses the call that its estimate says would pass the cap', () => {
    expect(converse(300_000)).toEqual([
      'turn 1: $0.30 ok',
      'turn 2: $0.60 ok',
      'turn 3: $0.90 warning',
      'turn 4: refused (would-exceed)',
      'turn 5: refused (would-exceed)',
    ]);
  });

  it('with a low estimate, overshoots by one call, then makes no provider call at all', () => {
    expect(converse(50_000)).toEqual([
      'turn 1: $0.30 ok',
      'turn 2: $0.60 ok',
      'turn 3: $0.90 warning',
      'turn 4: $1.20 exceeded',
      'turn 5: refused (cap-reached)',
    ]);
  });
});

describe('budget messages', () => {
  const exceeded = (scope: 'session' | 'user-day', spent: number, limit: number) => ({
    state: 'exceeded' as const,
    scope,
    spentMicros: spent,
    limitMicros: limit,
  });

  it('explain a reached cap and what to do, with the 402 status and BudgetExceeded close code', () => {
    const err = budgetExceededError(exceeded('session', 1_000_450, 1_000_000));
    expect(err.code).toBe('budget-exceeded');
    expect(err.options.status).toBe(402);
    expect(err.options.closeCode).toBe(CloseCode.BudgetExceeded);
    expect(err.message).toBe(
      'This conversation has used its $1.00 budget ($1.00). Start a new conversation to continue.',
    );
    expect(budgetExceededError(exceeded('user-day', 5_200_000, 5_000_000)).message).toBe(
      'You have used your $5.00 daily budget ($5.20). It resets at midnight UTC.',
    );
  });

  it('explain a refused call', () => {
    const refusal = preflight({ sessionMicros: 0, userDayMicros: 4_990_000 }, 20_000, LIMITS);
    if (refusal.ok) throw new Error('expected a refusal');
    expect(budgetExceededError(refusal).message).toBe(
      'Answering would go over your $5.00 daily budget ($4.99 used). It resets at midnight UTC.',
    );
  });

  it('word warnings for each scope', () => {
    const warningOf = (s: BudgetState) => {
      if (s.state !== 'warning') throw new Error(`expected a warning, got ${s.state}`);
      return s;
    };
    const warning = warningOf(state(850_000, 850_000));
    expect(budgetWarningText(warning)).toBe(
      'This conversation has used $0.85 of its $1.00 budget.',
    );
    const day = warningOf(state(0, 4_250_000));
    expect(budgetWarningText(day)).toBe(
      'You have used $4.25 of your $5.00 daily budget (it resets at midnight UTC).',
    );
  });

  it('format amounts in dollars, keeping sub-cent amounts visible', () => {
    expect(formatUsd(0)).toBe('$0.00');
    expect(formatUsd(4200)).toBe('$0.0042');
    expect(formatUsd(10_000)).toBe('$0.01');
    expect(formatUsd(12_345_678)).toBe('$12.35');
  });
});
