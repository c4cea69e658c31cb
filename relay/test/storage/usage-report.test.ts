// The usage ledger summed by day, user and provider, on every backend.
import { expect, it } from 'vitest';
import type { UsageEntry } from '../../src/storage/usage.ts';
import { describeStorage, T0 } from './suite.ts';

const DAY = 86_400_000;

describeStorage('usage reports', (h) => {
  const asr = (userId: string, sessionId: string, costMicros: number): UsageEntry => ({
    userId,
    sessionId,
    stage: 'asr',
    provider: 'deepgram',
    units: { audioMs: 1500 },
    costMicros,
  });
  const llm = (userId: string, sessionId: string, costMicros: number): UsageEntry => ({
    userId,
    sessionId,
    stage: 'llm',
    provider: 'openai:gpt-4o-mini',
    units: { inputTokens: 100, outputTokens: 40 },
    costMicros,
    speculative: true,
  });

  it('sums the ledger per day, per user and per provider with its units', async () => {
    await h.s.sessions.create({ id: 'a1', userId: 'alice' });
    await h.s.sessions.create({ id: 'b1', userId: 'bob' });
    // 2025-05-31: outside the period. 2025-06-01 and 06-02: inside.
    h.now = T0 - DAY;
    await h.s.usage.append([asr('alice', 'a1', 999)]);
    h.now = T0;
    await h.s.usage.append([asr('alice', 'a1', 100), llm('alice', 'a1', 250)]);
    h.now = T0 + DAY;
    // One user's entries per append (each runs in its user's scope).
    await h.s.usage.append([asr('bob', 'b1', 300), llm('bob', 'b1', 50)]);
    await h.s.usage.append([asr('alice', 'a1', 10)]);
    // A deleted session's spending stays in the ledger, and in the report.
    await h.s.sessions.delete('bob', 'b1');

    const r = await h.s.usageReports.report('2025-06-01', '2025-06-02');
    expect(r).toEqual({
      from: '2025-06-01',
      to: '2025-06-02',
      total: { costMicros: 710, calls: 5 },
      byDay: [
        { day: '2025-06-01', costMicros: 350, calls: 2 },
        { day: '2025-06-02', costMicros: 360, calls: 3 },
      ],
      byUser: [
        { userId: 'alice', costMicros: 360, calls: 3 },
        { userId: 'bob', costMicros: 350, calls: 2 },
      ],
      users: 2,
      byProvider: [
        {
          stage: 'asr',
          provider: 'deepgram',
          costMicros: 410,
          calls: 3,
          units: { audioMs: 4500 },
        },
        {
          stage: 'llm',
          provider: 'openai:gpt-4o-mini',
          costMicros: 300,
          calls: 2,
          units: { inputTokens: 200, outputTokens: 80 },
        },
      ],
    });
  });

  it('is all zeros for a period with no usage', async () => {
    expect(await h.s.usageReports.report('2030-01-01', '2030-01-31')).toEqual({
      from: '2030-01-01',
      to: '2030-01-31',
      total: { costMicros: 0, calls: 0 },
      byDay: [],
      byUser: [],
      users: 0,
      byProvider: [],
    });
  });
});
