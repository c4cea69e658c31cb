import { describe, expect, it } from 'vitest';
import { CostMeter, MAX_TURNS_PER_SESSION, utcDay, type RecordOutcome } from './cost-meter.ts';
import { PricingTable } from './pricing.ts';
import { asrUsage, ttsUsage, type LlmUsage, type Usage } from './usage.ts';

// Default example prices: whisper-1 $0.006/min (100 µ$/s), gpt-4o-mini $0.15/$0.60 per million
// tokens, tts-1 $15 per million characters (15 µ$ each).

function meterAt(iso: string, options: { maxEndedSessions?: number } = {}) {
  let t = Date.parse(iso);
  const meter = new CostMeter({ pricing: PricingTable.withDefaults(), now: () => t, ...options });
  return {
    meter,
    at: (when: string) => void (t = Date.parse(when)),
    /** The provider calls of one session, recorded as the relay would. */
    session: (sessionId: string, userId = 'ada') => {
      const record = (turnId: number, seq: number, usage: Usage) =>
        meter.record({ userId, sessionId, turnId, seq, usage });
      return {
        asr: (turnId: number, seconds: number, provider = 'openai:whisper-1') =>
          record(turnId, 0, asrUsage(provider, seconds * 1000)),
        llm: (turnId: number, seq: number, tokens: [number, number], speculative = false) =>
          record(turnId, seq, llmUsage(tokens, speculative)),
        tts: (turnId: number, seq: number, text: string) =>
          record(turnId, seq, ttsUsage('openai:tts-1', text)),
        raw: record,
      };
    },
  };
}

function llmUsage([inputTokens, outputTokens]: [number, number], speculative: boolean): LlmUsage {
  return {
    stage: 'llm',
    providerId: 'openai:gpt-4o-mini',
    speculative,
    inputTokens,
    outputTokens,
    estimated: false,
  };
}

function cost(outcome: RecordOutcome): number {
  return outcome.counted ? outcome.costMicros : 0;
}

describe('CostMeter', () => {
  it('keeps running totals per turn, per session and per user per day', () => {
    const { meter, session } = meterAt('2025-03-01T12:00:00Z');
    const s1 = session('s1');
    expect(cost(s1.asr(1, 60))).toBe(6000);
    expect(cost(s1.llm(1, 0, [1000, 500]))).toBe(450);
    s1.tts(1, 0, 'x'.repeat(100));
    const last = s1.tts(1, 1, 'x'.repeat(100));
    expect(last.totals).toEqual({
      turnMicros: 9450,
      sessionMicros: 9450,
      userDayMicros: 9450,
      day: '2025-03-01',
    });
    s1.asr(2, 30);
    session('s2').asr(1, 60);
    session('s3', 'bob').asr(1, 10);
    expect(meter.turnTotal('s1', 1)).toBe(9450);
    expect(meter.turnTotal('s1', 2)).toBe(3000);
    expect(meter.sessionTotal('s1')).toBe(12_450);
    expect(meter.userDayTotal('ada')).toBe(18_450);
    expect(meter.userDayTotal('bob')).toBe(1000);
  });

  it('counts a record reported twice only once', () => {
    const { meter, session } = meterAt('2025-03-01T12:00:00Z');
    const s1 = session('s1');
    const first = s1.llm(1, 0, [1000, 500]);
    const again = s1.llm(1, 0, [1000, 500]);
    expect(first).toMatchObject({ counted: true, costMicros: 450 });
    expect(again).toEqual({
      counted: false,
      reason: 'duplicate',
      totals: first.totals,
    });
    expect(meter.sessionTotal('s1')).toBe(450);
  });

  it('tells records apart by turn, stage and sequence', () => {
    const { meter, session } = meterAt('2025-03-01T12:00:00Z');
    const s1 = session('s1');
    s1.tts(1, 0, 'x'.repeat(10));
    s1.tts(1, 1, 'x'.repeat(10));
    s1.tts(2, 0, 'x'.repeat(10));
    s1.llm(1, 0, [0, 250]);
    expect(meter.sessionTotal('s1')).toBe(3 * 150 + 150);
  });

  it('meters cancelled and speculative work, once', () => {
    const { meter, session } = meterAt('2025-03-01T12:00:00Z');
    const s1 = session('s1');
    // A speculative reply started on a partial transcript, then cancelled: reported on abort and
    // again when its stream unwinds.
    s1.llm(1, 1, [1000, 100], true);
    s1.llm(1, 1, [1000, 100], true);
    // The real reply.
    s1.llm(1, 0, [1000, 500]);
    expect(meter.sessionCost('s1')).toMatchObject({
      totalMicros: 210 + 450,
      byStage: { asr: 0, llm: 660, tts: 0 },
      speculativeMicros: 210,
    });
  });

  it('adds whole micro-dollars, so many small records sum exactly', () => {
    const { meter, session } = meterAt('2025-03-01T12:00:00Z');
    const s1 = session('s1');
    let float = 0;
    for (let i = 0; i < 600; i++) {
      s1.raw(1, i, asrUsage('openai:whisper-1', 100)); // one 100 ms chunk per record
      float += (0.006 * 100) / 60_000;
    }
    expect(float).not.toBe(0.006);
    expect(meter.sessionTotal('s1')).toBe(6000); // exactly one minute at $0.006
  });

  it('starts a new user total at midnight UTC; a session keeps counting across it', () => {
    const { meter, session, at } = meterAt('2025-03-01T23:59:59.999Z');
    const s1 = session('s1');
    expect(s1.asr(1, 60).totals.day).toBe('2025-03-01');
    expect(meter.userDayTotal('ada')).toBe(6000);
    at('2025-03-02T00:00:00.000Z');
    expect(meter.userDayTotal('ada')).toBe(0);
    const after = s1.asr(2, 30);
    expect(after.totals).toEqual({
      turnMicros: 3000,
      sessionMicros: 9000,
      userDayMicros: 3000,
      day: '2025-03-02',
    });
  });

  it('follows a clock that steps back across midnight', () => {
    const { session, at } = meterAt('2025-03-02T00:00:01Z');
    const s1 = session('s1');
    expect(s1.asr(1, 1).totals.day).toBe('2025-03-02');
    at('2025-03-01T23:59:59Z');
    expect(s1.asr(2, 1).totals).toMatchObject({ day: '2025-03-01', userDayMicros: 100 });
    at('2025-03-02T00:00:00Z');
    expect(s1.asr(3, 1).totals).toMatchObject({ day: '2025-03-02', userDayMicros: 100 });
  });

  it('decides the day in UTC, whatever the relay’s time zone', () => {
    expect(utcDay(Date.parse('2025-03-01T23:30:00-05:00'))).toBe('2025-03-02');
    expect(utcDay(Date.parse('2025-03-02T00:30:00+02:00'))).toBe('2025-03-01');
  });

  it('counts the units of a provider without a price, and flags it', () => {
    const { meter, session } = meterAt('2025-03-01T12:00:00Z');
    const s1 = session('s1');
    const outcome = s1.asr(1, 42, 'acme:ears');
    expect(outcome).toMatchObject({ counted: true, costMicros: 0, priced: false });
    s1.asr(2, 8, 'acme:ears');
    expect(meter.sessionCost('s1')).toMatchObject({
      totalMicros: 0,
      unpricedProviders: ['acme:ears'],
      units: { audioMs: 50_000, inputTokens: 0, outputTokens: 0, characters: 0 },
    });
  });

  it('forgets a session when it ends, keeping its spend in the user’s day', () => {
    const { meter, session } = meterAt('2025-03-01T12:00:00Z');
    const s1 = session('s1');
    s1.asr(1, 60);
    expect(meter.endSession('s1')).toMatchObject({ totalMicros: 6000 });
    expect(meter.sessionCount).toBe(0);
    expect(meter.sessionTotal('s1')).toBe(0);
    expect(meter.userDayTotal('ada')).toBe(6000);
    // A call that finishes after the session closed was still paid for.
    s1.llm(1, 0, [1000, 500]);
    expect(meter.userDayTotal('ada')).toBe(6450);
    expect(meter.endSession('nobody')).toBeNull();
  });

  it('remembers the calls of a session’s last 64 turns, most recently used first', () => {
    const { meter, session } = meterAt('2025-03-01T12:00:00Z');
    const s1 = session('s1');
    for (let turn = 0; turn <= MAX_TURNS_PER_SESSION; turn++) s1.tts(turn, 0, 'x');
    expect(s1.tts(MAX_TURNS_PER_SESSION, 0, 'x').counted).toBe(false);
    expect(s1.tts(1, 0, 'x').counted).toBe(false);
    // Turn 0 was the oldest: forgotten, so a very late duplicate of its call would count again.
    expect(s1.tts(0, 0, 'x').counted).toBe(true);
    expect(meter.sessionTotal('s1')).toBe((MAX_TURNS_PER_SESSION + 2) * 15);
  });

  it('still knows the calls of an ended session: a late duplicate does not count', () => {
    const { meter, session } = meterAt('2025-03-01T12:00:00Z', { maxEndedSessions: 2 });
    const s1 = session('s1');
    s1.llm(1, 0, [1000, 500]);
    meter.endSession('s1');
    expect(s1.llm(1, 0, [1000, 500]).counted).toBe(false);
    expect(meter.sessionCount).toBe(0);
    expect(meter.userDayTotal('ada')).toBe(450);
    // A new call reopens the session, with what it had counted.
    expect(s1.llm(1, 1, [1000, 500]).counted).toBe(true);
    expect(meter.turnTotal('s1', 1)).toBe(900);
    expect(s1.llm(1, 0, [1000, 500]).counted).toBe(false);
    // Only the last `maxEndedSessions` ended sessions are remembered.
    meter.endSession('s1');
    for (const id of ['s2', 's3']) {
      session(id).asr(1, 1);
      meter.endSession(id);
    }
    expect(s1.llm(1, 0, [1000, 500]).counted).toBe(true);
  });

  it('refuses a seq that is not a small whole number', () => {
    const { session } = meterAt('2025-03-01T12:00:00Z');
    const s1 = session('s1');
    expect(() => s1.tts(1, -1, 'x')).toThrow(RangeError);
    expect(() => s1.tts(1, 1.5, 'x')).toThrow(RangeError);
    expect(() => s1.tts(1, 2 ** 20, 'x')).toThrow(RangeError);
    expect(s1.tts(1, 2 ** 20 - 1, 'x').counted).toBe(true);
  });

  it('keeps the totals of the last 64 turns of a session only', () => {
    const { meter, session } = meterAt('2025-03-01T12:00:00Z');
    const s1 = session('s1');
    for (let turn = 0; turn < 100; turn++) s1.tts(turn, 0, 'x');
    expect(meter.turnTotal('s1', 99)).toBe(15);
    expect(meter.turnTotal('s1', 100 - MAX_TURNS_PER_SESSION)).toBe(15);
    expect(meter.turnTotal('s1', 99 - MAX_TURNS_PER_SESSION)).toBe(0);
    expect(meter.sessionTotal('s1')).toBe(1500);
  });

  it('refuses an invalid record without counting its key', () => {
    const { meter, session } = meterAt('2025-03-01T12:00:00Z');
    const s1 = session('s1');
    expect(() => s1.llm(1, 0, [-5, 10])).toThrow(RangeError);
    expect(s1.llm(1, 0, [1000, 500]).counted).toBe(true);
    expect(meter.sessionTotal('s1')).toBe(450);
  });
});
