import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerMessage } from '@parley/shared';
import { relayLines } from '../src/lines/relay-lines.ts';
import { TalkClient } from '../src/talk/client.ts';
import { promptTokensOf, startFakeOpenAi, type FakeOpenAi } from './fakes/openai-server.ts';
import { startTestRelay, type TestRelay } from './harness.ts';
import { scrapeRelay } from './prometheus-text.ts';
import { call, save } from './provider-settings-kit.ts';

// A conversation that does not fit a model's context was told "The language model is
// unavailable right now. Please try again in a moment." — false (trying again fails the same
// way), and each refusal counted against the model until its breaker opened for every user.
// Two OpenAI-compatible servers on loopback: one with a small context, refusing as OpenAI does
// (400 context_length_exceeded), one without limit.

const model = (server: FakeOpenAi, id: string) => ({
  id,
  kind: 'openai-compatible' as const,
  baseUrl: server.baseUrl,
  model: 'fake-model',
});
const SMALL = 'small:fake-model';
const LONG_QUESTION = `Please remember all of this: ${'the quick brown fox jumps over the lazy dog, '.repeat(12)}`;

describe('a conversation too long for the model', () => {
  let relay: TestRelay;
  let small: FakeOpenAi;
  let big: FakeOpenAi;
  let client: TalkClient;
  let turnId = 0;
  beforeAll(async () => {
    [small, big] = await Promise.all([startFakeOpenAi(), startFakeOpenAi()]);
    small.intervalMs = 1;
    big.intervalMs = 1;
    big.reply = () => 'From the big model.';
    // One counted failure would open a breaker: a refusal must count as none.
    relay = await startTestRelay({
      LOCAL_SERVER_PROBES: 'none',
      HEALTH_PROBE_INTERVAL_S: '0',
      BREAKER_FAILURES: '1',
    });
    expect((await save(relay, { llm: [model(small, 'small')] })).status).toBe(200);
    client = await TalkClient.connect(relay.wsUrl);
    // The small model takes a short question (system prompt and all), not a long one.
    expect((await ask('hi')).status).toBe('completed');
    const body = small.chatBodies().at(-1);
    if (!body) throw new Error('the small model was not asked');
    small.contextTokens = promptTokensOf(body) + 20;
  });
  afterAll(async () => {
    client.close();
    await relay.close();
    await Promise.all([small.close(), big.close()]);
  });

  async function ask(text: string) {
    const id = ++turnId;
    client.send({ type: 'user.text', turnId: id, text, speak: false });
    const turn = await client.waitForTurn(id);
    const done = client.received.findLast(
      (m): m is Extract<ServerMessage, { type: 'turn.done' }> =>
        m.type === 'turn.done' && m.turnId === id,
    );
    if (!done) throw new Error(`no turn.done for ${id}`);
    return { ...done, errors: turn.errors };
  }

  it('fails with its own code and a true message, again and again, and the model is not counted as down', async () => {
    for (let i = 0; i < 3; i++) {
      const done = await ask(`${LONG_QUESTION} (${i})`);
      expect(done.status).toBe('failed');
      expect(done.reply).toBe(relayLines('en').tooLong);
      expect(done.errors.map((e) => [e.code, e.message, e.retryable])).toEqual([
        [
          'conversation-too-long',
          'This conversation is too long for the language model. Start a new conversation to go on.',
          false,
        ],
      ]);
    }
    // Asked every time (its breaker never opened), refused every time.
    expect(small.received('chat')).toHaveLength(4);
    const slot = relay.providers.status().find((p) => p.id === SMALL);
    expect(slot).toMatchObject({ state: 'closed', failures: 0, lastError: null });
    const metrics = await scrapeRelay(relay);
    expect(metrics.value('parley_provider_failures_total', { provider: SMALL })).toBe(0);
    const status = await call(relay, '/api/status');
    expect(status.json).toMatchObject({ ready: true });
  });

  it('is said in the conversation’s language', async () => {
    const put = (language: string) =>
      call(relay, '/api/preferences', {
        method: 'PUT',
        body: { persona: 'friendly', replyLength: 'short', speakingRate: 1, language },
      });
    expect((await put('nl')).status).toBe(200);
    try {
      const done = await ask(LONG_QUESTION);
      expect(done.reply).toBe(relayLines('nl').tooLong);
      expect(done.errors.map((e) => e.code)).toEqual(['conversation-too-long']);
    } finally {
      expect((await put('en')).status).toBe(200);
    }
  });

  it('is answered by the next model of the chain when one takes it', async () => {
    expect((await save(relay, { llm: [model(small, 'small'), model(big, 'big')] })).status).toBe(
      200,
    );
    const done = await ask(LONG_QUESTION);
    expect(done.status).toBe('completed');
    expect(done.reply).toBe('From the big model.');
    expect(done.errors).toEqual([]);
    expect(done.llmFallback).toEqual({
      passedOver: [{ id: SMALL, label: 'fake-model (small)', kind: 'http', status: 400 }],
      answeredBy: { id: 'big:fake-model', label: 'fake-model (big)' },
    });
    const slot = relay.providers.status().find((p) => p.id === SMALL);
    expect(slot).toMatchObject({ state: 'closed', failures: 0 });
  });
});
