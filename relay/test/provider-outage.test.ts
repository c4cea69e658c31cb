import { describe, expect, it } from 'vitest';
import { APOLOGY } from '../src/pipeline/turn.ts';
import { LLM_TRIAL_TEXT } from '../src/providers/resilience/stage-trial.ts';
import { ledger, type OpenAiPair } from './fakes/openai-pair.ts';
import { usePair } from './pair-kit.ts';
import type { FakeOpenAi } from './fakes/openai-server.ts';

/** Waits on the relay's timers and storage: generous, for a loaded machine. */
const POLL = { timeout: 10_000 };
/**
 * Providers that fail, at the fakes' wire (issue 21 items 3, 4 and 6): who is asked, who is
 * skipped, how fast a stage that is down degrades, and what the status page says. Two fake
 * OpenAI-compatible servers, `alpha` then `beta`, turns driven by the headless client.
 */

/** Chat requests a user's turn made (a background trial asks {@link LLM_TRIAL_TEXT}). */
const userChats = (fake: FakeOpenAi) =>
  fake.chatBodies().filter((b) => b.messages.at(-1)?.content !== LLM_TRIAL_TEXT).length;
const trialChats = (fake: FakeOpenAi) => fake.chatBodies().length - userChats(fake);

async function providerStatus(pair: OpenAiPair, id: string) {
  const res = await fetch(`${pair.relay.url}/api/status`);
  const body = (await res.json()) as {
    providers: {
      id: string;
      state: string;
      health: string;
      consecutiveFailures: number;
      retryAtMs: number | null;
      lastProbe: { ok: boolean; atMs: number } | null;
    }[];
  };
  const found = body.providers.find((p) => p.id === id);
  if (!found) throw new Error(`no provider ${id} in /api/status`);
  return found;
}

describe('a voice that hangs on one sentence', () => {
  const ctx = usePair({ LLM_PROVIDERS: 'alpha', TTS_PROVIDERS: 'alpha,beta' }, ({ alpha }) => {
    alpha.reply = () => 'It is noon. The sun is high. Enjoy your lunch.';
    alpha.setFault('speech', { kind: 'hang' });
  });

  it('is not asked again for the next sentences of the turn: they go to the next voice at once', async () => {
    const { pair, speaker, client } = ctx;
    const turn = await speaker.typed('what time is it');
    expect(turn.status).toBe('completed');
    expect(turn.segments.map((s) => s.text)).toEqual([
      'It is noon.',
      'The sun is high.',
      'Enjoy your lunch.',
    ]);
    // One timeout for the whole turn, not one per sentence.
    expect(pair.alpha.received('speech')).toHaveLength(1);
    expect(pair.beta.received('speech')).toHaveLength(3);
    await expect.poll(() => pair.alpha.openResponses, POLL).toBe(0);
    // Each sentence is billed to the voice that spoke it.
    await expect
      .poll(
        async () =>
          (await ledger(pair.relay, client.ready.sessionId, turn.turnId))
            .filter((r) => r.stage === 'tts')
            .map((r) => [r.provider, r.units.characters]),
        POLL,
      )
      .toEqual([
        ['beta:speech', 11],
        ['beta:speech', 16],
        ['beta:speech', 17],
      ]);
    // One failure counted against alpha (not three): its breaker is still closed.
    expect(await providerStatus(pair, 'alpha:speech')).toMatchObject({
      state: 'closed',
      consecutiveFailures: 1,
    });
  });
});

describe('health probes', () => {
  const ctx = usePair(
    { LLM_PROVIDERS: 'alpha,beta', HEALTH_PROBE_INTERVAL_S: '0.1' },
    ({ alpha }) => alpha.setFault('chat', { kind: 'status', status: 500 }),
  );

  /**
   * Resolves once a whole round of probes ran after now: rounds do not overlap, so the second
   * `/models` request from now on starts after the first one's answer was taken in.
   */
  const probedSinceNow = async (pair: OpenAiPair) => {
    const seen = pair.alpha.received('models').length;
    await expect.poll(() => pair.alpha.received('models').length, POLL).toBeGreaterThan(seen + 1);
  };

  it('do not undo failures of real calls: the breaker opens and stays open while /models answers', async () => {
    const { pair, speaker } = ctx;
    await speaker.typed('one');
    await speaker.typed('two');
    await probedSinceNow(pair);
    expect(await providerStatus(pair, 'alpha:chat')).toMatchObject({
      health: 'DEGRADED',
      consecutiveFailures: 2,
    });
    expect((await providerStatus(pair, 'alpha:chat')).lastProbe).toMatchObject({ ok: true });
    await speaker.typed('three');
    expect(await providerStatus(pair, 'alpha:chat')).toMatchObject({
      state: 'open',
      health: 'FAILED',
    });
    const asked = userChats(pair.alpha);
    const turn = await speaker.typed('four');
    expect(turn.replyText).toBe('You said: four. Anything else?');
    expect(userChats(pair.alpha)).toBe(asked); // skipped: no wait on the broken primary
  });
});

describe('a whole stage down', () => {
  const ctx = usePair({ LLM_PROVIDERS: 'alpha,beta' }, ({ alpha, beta }) => {
    alpha.setFault('chat', { kind: 'hang' });
    beta.setFault('chat', { kind: 'hang' });
  });

  it('degrades at once from the next turn on: no provider is asked (and waited for) again', async () => {
    const { pair, speaker } = ctx;
    const first = await speaker.typed('anyone there');
    expect(first.replyText).toBe(APOLOGY);
    expect([userChats(pair.alpha), userChats(pair.beta)]).toEqual([1, 1]);
    expect(first.relayTimings.llmFirstTokenMs).toBeUndefined();
    const second = await speaker.typed('anyone there now');
    expect(second.status).toBe('failed');
    expect(second.replyText).toBe(APOLOGY);
    expect(second.errors.map((e) => e.code)).toEqual(['llm-failed']);
    expect([userChats(pair.alpha), userChats(pair.beta)]).toEqual([1, 1]);
    for (const id of ['alpha:chat', 'beta:chat'])
      expect(await providerStatus(pair, id)).toMatchObject({ state: 'open', health: 'FAILED' });
    await expect.poll(() => pair.alpha.openResponses + pair.beta.openResponses, POLL).toBe(0);
  });
});

describe('a provider coming back', () => {
  const ctx = usePair(
    { LLM_PROVIDERS: 'alpha,beta', HEALTH_PROBE_INTERVAL_S: '0.2', BREAKER_COOLDOWN_S: '0.3' },
    ({ alpha, beta }) => {
      alpha.setFault('chat', { kind: 'status', status: 500 });
      beta.setFault('chat', { kind: 'status', status: 500 });
    },
  );

  it('is tested by a background trial, not by a user’s turn', async () => {
    const { pair, speaker } = ctx;
    expect((await speaker.typed('hello')).replyText).toBe(APOLOGY);
    pair.beta.setFault('chat', { kind: 'none' });
    // Back in service through a real minimal request the relay made on its own.
    await expect
      .poll(async () => (await providerStatus(pair, 'beta:chat')).health, POLL)
      .toBe('HEALTHY');
    expect(trialChats(pair.beta)).toBeGreaterThan(0);
    expect(userChats(pair.beta)).toBe(1);
    // alpha still fails its trials: user turns go straight to beta, never to alpha.
    await expect.poll(() => trialChats(pair.alpha), POLL).toBeGreaterThan(0);
    const asked = userChats(pair.alpha);
    for (const text of ['hello again', 'and again']) {
      const turn = await speaker.typed(text);
      expect(turn.replyText).toBe(`You said: ${text}. Anything else?`);
    }
    expect(userChats(pair.alpha)).toBe(asked);
  });
});

describe('a provider answering 429 with Retry-After', () => {
  const ctx = usePair({ LLM_PROVIDERS: 'alpha,beta' }, ({ alpha }) =>
    alpha.setFault('chat', { kind: 'status', status: 429, retryAfterS: 30 }),
  );

  it('is not asked again before then, and is not counted as broken', async () => {
    const { pair, speaker } = ctx;
    const askedAt = Date.now();
    expect((await speaker.typed('one')).replyText).toBe('You said: one. Anything else?');
    expect((await speaker.typed('two')).replyText).toBe('You said: two. Anything else?');
    expect(userChats(pair.alpha)).toBe(1);
    const alpha = await providerStatus(pair, 'alpha:chat');
    expect(alpha).toMatchObject({ state: 'open', consecutiveFailures: 0 });
    expect(alpha.retryAtMs).toBeGreaterThanOrEqual(askedAt + 30_000);
    expect(alpha.retryAtMs).toBeLessThanOrEqual(Date.now() + 30_000);
  });
});
