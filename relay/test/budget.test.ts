import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloseCode, pcm16ToFloat } from '@parley/shared';
import { loadConfig } from '../src/config.ts';
import { createEmbeddedProviders } from '../src/providers/embedded.ts';
import type { Providers } from '../src/providers/types.ts';
import { TalkClient } from '../src/talk/client.ts';
import { UtteranceStreamer } from '../src/talk/stream.ts';
import { closeSynthesizers, synthesizeSpeech } from './fixtures/speech.ts';
import { startTestRelay, type TestRelay } from './harness.ts';

/** The real providers, with every call counted (so the test sees which calls the cap stopped). */
function counted(p: Providers) {
  const calls = { asr: 0, llm: 0, tts: 0 };
  const providers: Providers = {
    asr: {
      info: p.asr.info,
      start: (o) => (calls.asr++, p.asr.start(o)),
      close: () => p.asr.close(),
    },
    llm: {
      info: p.llm.info,
      stream: (r) => (calls.llm++, p.llm.stream(r)),
      close: () => p.llm.close(),
    },
    tts: {
      info: p.tts.info,
      sampleRateHz: p.tts.sampleRateHz,
      synthesize: (r) => (calls.tts++, p.tts.synthesize(r)),
      close: () => p.tts.close(),
    },
  };
  return { calls, providers };
}

describe('a session over its hard budget', () => {
  let relay: TestRelay;
  let calls: { asr: number; llm: number; tts: number };
  beforeAll(async () => {
    const env = {
      // Speech synthesis at $1,000 per million characters: a short answer costs about $0.013.
      PRICING_JSON: JSON.stringify({ tts: { flite: { usdPerMillionCharacters: 1000 } } }),
      BUDGET_SESSION_USD: '0.02',
      BUDGET_USER_DAY_USD: '0',
      BUDGET_SOFT_RATIO: '0.5',
    };
    const c = counted(await createEmbeddedProviders(loadConfig({})));
    calls = c.calls;
    relay = await startTestRelay(env, c.providers);
  });
  afterAll(async () => {
    await closeSynthesizers();
    await relay.close();
  });

  it('is warned near the cap, then gets no provider call past it, is told why, and is ended', async () => {
    const { samples } = await synthesizeSpeech('What time is it?', {
      leadingSilenceMs: 400,
      trailingSilenceMs: 900,
    });
    const speech = pcm16ToFloat(samples);
    const client = await TalkClient.connect(relay.wsUrl, { timeZone: 'UTC' });
    const streamer = new UtteranceStreamer(client);

    const [first] = await streamer.stream(speech);
    expect(first?.status).toBe('completed');
    expect(calls.tts).toBe(1);
    const warning = client.received.find((m) => m.type === 'budget.warning');
    expect(warning).toMatchObject({ scope: 'session', limitMicros: 20_000 });
    const cost = client.received.filter((m) => m.type === 'cost').at(-1);
    expect(cost?.type === 'cost' && cost.sessionMicros).toBeGreaterThanOrEqual(13_000);

    // The second answer would cost about as much again: past the cap, so it is never synthesised.
    const [second] = await streamer.stream(speech);
    expect(second?.status).toBe('failed');
    expect(second?.errors.join()).toMatch(/budget-exceeded/);
    expect(calls.tts).toBe(1);
    expect((await client.closed()).code).toBe(CloseCode.BudgetExceeded);
    const llmCalls = calls.llm;

    // The relay keeps serving; the money spent is in the ledger.
    await expect.poll(() => relay.registry.size).toBe(0);
    const ledger = await relay.storage.usage.sessionCost(client.ready.sessionId);
    expect(ledger).toBeGreaterThanOrEqual(13_000);
    expect(ledger).toBeLessThan(20_000);
    const next = await TalkClient.connect(relay.wsUrl);
    next.close();
    expect(calls.llm).toBe(llmCalls);
  });
});
