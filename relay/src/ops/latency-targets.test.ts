import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { logger } from '../log/logger.ts';
import { openStorage, type Storage } from '../storage/index.ts';
import { LatencyTargetsReader } from './latency-targets.ts';

const TARGETS = {
  asrFinalMs: 500,
  llmFirstTokenMs: 300,
  ttsFirstAudioMs: 200,
  voiceToVoiceMs: 1000,
};

describe('the latency targets reader', () => {
  let storage: Storage;
  let now = 1000;
  let turnId = 0;
  beforeEach(async () => {
    now = 1000;
    storage = await openStorage({ sqlitePath: ':memory:', now: () => now });
    await storage.sessions.create({ id: 's1', userId: 'alice' });
  });
  afterEach(() => storage.close());

  const turn = (llmFirstTokenMs: number) =>
    storage.turns.record({
      sessionId: 's1',
      turnId: ++turnId,
      userText: 'hello',
      assistantText: 'hi',
      status: 'completed',
      timings: { llmFirstTokenMs },
    });
  const reader = (maxAgeMs?: number) =>
    new LatencyTargetsReader({
      storage,
      targets: TARGETS,
      windowSessions: 100,
      ...(maxAgeMs === undefined ? {} : { maxAgeMs }),
      now: () => now,
      log: logger('test:targets'),
    });

  it('serves one reading to callers that come together, and reads again once it is old', async () => {
    await turn(250);
    const r = reader(2000);
    const [a, b] = await Promise.all([r.report(), r.report()]);
    expect(a).toBe(b);
    expect(a).toMatchObject({ atMs: 1000, windowSessions: 100, sessions: 1, turns: 1 });
    expect(a?.timings.llmFirstTokenMs).toMatchObject({ count: 1, met: true, targetMs: 300 });

    await turn(900);
    await turn(900);
    now += 1999;
    expect(await r.report()).toBe(a);
    now += 1;
    const fresh = await r.report();
    expect(fresh?.turns).toBe(3);
    expect(fresh?.timings.llmFirstTokenMs).toMatchObject({ count: 3, met: false });
  });

  it('answers null when storage cannot be read', async () => {
    await storage.close();
    expect(await reader().report()).toBeNull();
  });
});
