import type { ServerMessage } from '@parley/shared';
import { describe, expect, it } from 'vitest';
import { captureLog } from '../../../test/log-capture.ts';
import type { UserSpend } from '../../cluster/shared-state.ts';
import { budgetLimitsFromUsd } from '../../metering/budget.ts';
import { CostMeter } from '../../metering/cost-meter.ts';
import { PricingTable } from '../../metering/pricing.ts';
import { asrUsage, ttsUsage } from '../../metering/usage.ts';
import { SessionBilling } from './billing.ts';

// Default example prices: whisper-1 $0.006/min (6,000 µ$ a minute), tts-1 15 µ$ a character.
const MINUTE_OF_WHISPER = asrUsage('openai:whisper-1', 60_000);

/** The user's spend on every relay, as the shared store (Redis) keeps it, in memory. */
class SharedSpend implements UserSpend {
  readonly totals = new Map<string, number>();
  adds = 0;
  failing: Error | null = null;

  add(userId: string, day: string, micros: number): Promise<number> {
    this.adds += 1;
    if (this.failing) return Promise.reject(this.failing);
    const total = (this.totals.get(`${userId}/${day}`) ?? 0) + micros;
    this.totals.set(`${userId}/${day}`, total);
    return Promise.resolve(total);
  }

  get(userId: string, day: string): Promise<number> {
    if (this.failing) return Promise.reject(this.failing);
    return Promise.resolve(this.totals.get(`${userId}/${day}`) ?? 0);
  }
}

function today(): string {
  return new Date().toISOString().slice(0, 10);
}

/** One session's billing, with a user-day cap of 1 cent (warned from 0.8 cent). */
function billing(userSpend: SharedSpend | null) {
  const pricing = PricingTable.withDefaults();
  const meter = new CostMeter({ pricing, now: () => Date.now() });
  const sent: ServerMessage[] = [];
  const spent: [string, string, number][] = [];
  const { log, lines } = captureLog();
  const bill = new SessionBilling({
    meter,
    pricing,
    budget: budgetLimitsFromUsd({ sessionUsd: 1, userDayUsd: 0.01, softRatio: 0.8 }),
    userId: 'ada',
    sessionId: 's1',
    send: (m) => sent.push(m),
    log,
    userSpend,
    spent: (stage, provider, micros) => spent.push([stage, provider, micros]),
  });
  return { bill, meter, sent, spent, lines };
}

describe('SessionBilling across relays', () => {
  it('counts what the user spent on other relays: a call this relay alone would allow is refused', async () => {
    const store = new SharedSpend();
    store.totals.set(`ada/${today()}`, 3_000);
    const { bill } = billing(store);

    bill.record(1, 0, MINUTE_OF_WHISPER);
    await expect.poll(() => bill.userDayMicros).toBe(9_000);
    expect(store.totals.get(`ada/${today()}`)).toBe(9_000);

    const refused = bill.allow(MINUTE_OF_WHISPER);
    // The day's cap ($0.01) stops it, not the session's ($1).
    expect(refused?.message).toContain('$0.01');
  });

  it('takes the other relays’ spend when a turn starts, before any cost of its own', async () => {
    const store = new SharedSpend();
    store.totals.set(`ada/${today()}`, 10_000);
    const { bill } = billing(store);
    expect(bill.allow(MINUTE_OF_WHISPER)).toBeNull();

    bill.refreshUserDay();
    await expect.poll(() => bill.userDayMicros).toBe(10_000);
    expect(bill.allow(asrUsage('openai:whisper-1', 1))).not.toBeNull();
  });

  it('shares a call once, however often it is recorded, and nothing for a free call', async () => {
    const store = new SharedSpend();
    const { bill, sent, spent } = billing(store);

    bill.record(1, 0, MINUTE_OF_WHISPER);
    bill.record(1, 0, MINUTE_OF_WHISPER);
    bill.record(1, 0, ttsUsage('flite', 'Hello there.'));
    await expect.poll(() => store.totals.get(`ada/${today()}`)).toBe(6_000);

    expect(store.adds).toBe(1);
    expect(spent).toEqual([
      ['asr', 'openai:whisper-1', 6_000],
      ['tts', 'flite', 0],
    ]);
    expect(sent.filter((m) => m.type === 'cost')).toHaveLength(2);
  });

  it('keeps metering on this relay when the shared store fails, and says so in the log', async () => {
    const store = new SharedSpend();
    store.failing = new Error('ECONNREFUSED 127.0.0.1:6379');
    const { bill, sent, lines } = billing(store);

    bill.record(1, 0, MINUTE_OF_WHISPER);
    bill.refreshUserDay();
    await expect
      .poll(() => lines.filter((l) => l.level === 40).map((l) => l.msg))
      .toEqual([
        'could not share the cost with the other relays',
        'could not read the spend on the other relays',
      ]);
    expect(lines.find((l) => l.level === 40)?.err).toContain('ECONNREFUSED');

    expect(bill.userDayMicros).toBe(6_000);
    expect(sent.find((m) => m.type === 'cost')).toMatchObject({ userDayMicros: 6_000 });
  });
});

describe('SessionBilling on one relay', () => {
  it('warns once per scope near the cap, however many calls pass the warning line', () => {
    const { bill, sent } = billing(null);

    bill.record(1, 0, asrUsage('openai:whisper-1', 50_000)); // 5,000 µ$: below 8,000
    bill.record(2, 0, asrUsage('openai:whisper-1', 40_000)); // 9,000 µ$: warned
    bill.record(3, 0, asrUsage('openai:whisper-1', 5_000)); // 9,500 µ$: not again

    const warnings = sent.filter((m) => m.type === 'budget.warning');
    expect(warnings).toEqual([
      expect.objectContaining({ scope: 'user-day', spentMicros: 9_000, limitMicros: 10_000 }),
    ]);
  });

  it('hands each turn’s ledger over once, in each stage’s own units', () => {
    const { bill } = billing(null);

    bill.record(4, 0, MINUTE_OF_WHISPER);
    bill.record(4, 0, ttsUsage('openai:tts-1', 'Hi.', true));

    expect(bill.takeEntries(4)).toEqual([
      {
        stage: 'asr',
        provider: 'openai:whisper-1',
        units: { audioMs: 60_000 },
        costMicros: 6_000,
        speculative: false,
      },
      {
        stage: 'tts',
        provider: 'openai:tts-1',
        units: { characters: 3 },
        costMicros: 45,
        speculative: true,
      },
    ]);
    expect(bill.takeEntries(4)).toEqual([]);
  });
});
