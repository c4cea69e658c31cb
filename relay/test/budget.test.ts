import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloseCode, pcm16ToFloat } from '@parley/shared';
import { TalkClient } from '../src/talk/client.ts';
import { UtteranceStreamer } from '../src/talk/stream.ts';
import { startFakeOpenAi, type FakeOpenAi } from './fakes/openai-server.ts';
import { closeSynthesizers, synthesizeSpeech } from './fixtures/speech.ts';
import { startTestRelay, type TestRelay } from './harness.ts';

const KEY = 'sk-budget-test-0123456789';

describe('a session over its hard budget', () => {
  let relay: TestRelay;
  let openai: FakeOpenAi;
  const calls = () => ({
    llm: openai.received('chat').length,
    tts: openai.received('speech').length,
  });
  beforeAll(async () => {
    // The LLM and the voice are "hosted" (a local server speaking OpenAI's protocol), so the
    // test counts the calls that really reached a provider.
    openai = await startFakeOpenAi({ apiKey: KEY });
    relay = await startTestRelay({
      LLM_PROVIDERS: 'openai',
      TTS_PROVIDERS: 'openai',
      OPENAI_API_KEY: KEY,
      OPENAI_BASE_URL: openai.baseUrl,
      HEALTH_PROBE_INTERVAL_S: '0',
      // Speech at $400 per million characters: "You said: what time is it. Anything else?"
      // costs about $0.016, its first sentence alone about $0.010.
      PRICING_JSON: JSON.stringify({ tts: { 'openai:tts-1': { usdPerMillionCharacters: 400 } } }),
      BUDGET_SESSION_USD: '0.02',
      BUDGET_USER_DAY_USD: '0',
      BUDGET_SOFT_RATIO: '0.5',
    });
  });
  afterAll(async () => {
    await closeSynthesizers();
    await relay.close();
    await openai.close();
  });

  it('is warned near the cap, then gets no provider call past it, is told why, and is ended', async () => {
    const { samples } = await synthesizeSpeech('What time is it?', {
      leadingSilenceMs: 400,
      trailingSilenceMs: 900,
    });
    const speech = pcm16ToFloat(samples);
    const client = await TalkClient.connect(relay.wsUrl, { timeZone: 'UTC' });
    const streamer = new UtteranceStreamer(client);

    const [first] = await streamer.stream(speech, { speculate: false, speed: 4 });
    expect(first?.status).toBe('completed');
    expect(first?.reply).toMatch(/^You said: .*\. Anything else\?$/);
    expect(calls()).toEqual({ llm: 1, tts: 2 });
    const warning = client.received.find((m) => m.type === 'budget.warning');
    expect(warning).toMatchObject({ scope: 'session', limitMicros: 20_000 });
    const cost = client.received.filter((m) => m.type === 'cost').at(-1);
    expect(cost?.type === 'cost' && cost.sessionMicros).toBeGreaterThanOrEqual(10_000);

    // The second answer would cost about as much again: past the cap, so it is never synthesised.
    const [second] = await streamer.stream(speech, { speculate: false, speed: 4 });
    expect(second?.status).toBe('failed');
    expect(second?.errors.join()).toMatch(/budget-exceeded/);
    expect(calls().tts).toBe(2);
    expect((await client.closed()).code).toBe(CloseCode.BudgetExceeded);
    const llmCalls = calls().llm;
    await expect.poll(() => openai.openResponses).toBe(0);

    // The relay keeps serving; the money spent is in the ledger.
    await expect.poll(() => relay.registry.size).toBe(0);
    const ledger = await relay.storage.usage.sessionCost(client.ready.sessionId);
    expect(ledger).toBeGreaterThanOrEqual(10_000);
    expect(ledger).toBeLessThan(20_000);
    const next = await TalkClient.connect(relay.wsUrl);
    next.close();
    expect(calls().llm).toBe(llmCalls);
  });
});
