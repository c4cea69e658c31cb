import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ProviderConnections,
  useProviderConnections,
  type ProviderConnectionsOptions,
} from '../src/providers/net/connections.ts';
import { TalkClient } from '../src/talk/client.ts';
import { fakeTls } from './fakes/certificate.ts';
import type { FakeTls } from './fakes/fake-http.ts';
import { openAiRelayEnv, startFakeOpenAi, type FakeOpenAi } from './fakes/openai-server.ts';
import { startTestRelay } from './harness.ts';

const KEY = 'sk-warm-up-test-key';
const nowMs = () => performance.timeOrigin + performance.now();

/**
 * A relay whose language model and voice are a fake OpenAI over HTTPS (its own CA trusted by the
 * relay's provider connections), which records every connection it accepts and each request's.
 */
async function hostedOverHttps(tls: FakeTls, options: ProviderConnectionsOptions = {}) {
  const openai = await startFakeOpenAi({ apiKey: KEY, tls });
  // One short sentence: one speech request, overlapping the chat stream at most.
  openai.reply = () => 'That one I know.';
  const connections = new ProviderConnections({ extraCa: [tls.cert], ...options });
  const previous = useProviderConnections(connections);
  const relay = await startTestRelay({
    ...openAiRelayEnv(openai, KEY),
    LLM_PROVIDERS: 'openai',
    TTS_PROVIDERS: 'openai',
  });
  return {
    openai,
    relay,
    close: async () => {
      await relay.close();
      await openai.close();
      useProviderConnections(previous);
      await connections.close();
    },
  };
}

/** Connections whose TLS handshake `openai` completed. */
const secured = (openai: FakeOpenAi) =>
  openai.connections.filter((c) => c.securedAtMs !== null).length;

/** Connections `openai` accepted at or after `sinceMs` and no later than `untilMs`. */
const openedBetween = (openai: FakeOpenAi, sinceMs: number, untilMs: number) =>
  openai.connections.filter((c) => c.openedAtMs >= sinceMs && c.openedAtMs <= untilMs).length;

/**
 * No connection set-up on a turn's critical path: a hosted provider's TCP and TLS handshakes
 * (1–3 round trips, 100–300 ms to a distant API) are made when the session starts, and again when
 * the user starts speaking after a pause long enough for idle connections to close — never by the
 * turn's own language-model request. Opening them sends no request.
 */
describe('provider connections are opened ahead of the turns', () => {
  const tls = fakeTls();

  describe('at the start of a session', () => {
    let hosted: Awaited<ReturnType<typeof hostedOverHttps>>;
    let client: TalkClient;
    beforeAll(async () => {
      hosted = await hostedOverHttps(tls);
      client = await TalkClient.connect(hosted.relay.wsUrl);
    });
    afterAll(async () => {
      client.close();
      await hosted.close();
    });

    it('the first turn’s requests ride the connections opened when the session started', async () => {
      const { openai } = hosted;
      // One for the language model's stream, one for the voice's request that overlaps it.
      await expect.poll(() => secured(openai)).toBe(2);
      // Opened without a request: nothing billed, nothing counted against a rate limit.
      expect(openai.requests).toHaveLength(0);

      const turnAtMs = nowMs();
      client.send({ type: 'user.text', turnId: 1, text: 'what is the capital of France' });
      expect((await client.waitForTurn(1)).status).toBe('completed');
      const [chat] = openai.received('chat');
      expect([0, 1]).toContain(chat?.connection);
      expect(openai.received('speech').length).toBeGreaterThan(0);
      expect(openedBetween(openai, turnAtMs, nowMs())).toBe(0);
    });

    it('the next turn opens no connection either', async () => {
      const { openai } = hosted;
      const before = openai.connections.length;
      client.send({ type: 'user.text', turnId: 2, text: 'and of Spain' });
      expect((await client.waitForTurn(2)).status).toBe('completed');
      expect(openai.received('chat')).toHaveLength(2);
      expect(openai.connections).toHaveLength(before);
    });
  });

  describe('after a pause that outlasted the idle connections', () => {
    let hosted: Awaited<ReturnType<typeof hostedOverHttps>>;
    let client: TalkClient;
    beforeAll(async () => {
      hosted = await hostedOverHttps(tls, { keepAliveMs: 500 });
      client = await TalkClient.connect(hosted.relay.wsUrl);
    });
    afterAll(async () => {
      client.close();
      await hosted.close();
    });

    it('the user starting to speak opens them again, and the turn rides them', async () => {
      const { openai } = hosted;
      await expect.poll(() => secured(openai)).toBe(2);
      // Idle past keepAliveMs: the relay closes them.
      await expect.poll(() => openai.connections.filter((c) => c.closedAtMs === null)).toEqual([]);

      client.send({ type: 'utterance.start', turnId: 1, firstSeq: 0, speechStartAtMs: Date.now() });
      await expect.poll(() => secured(openai)).toBe(4);
      expect(openai.requests).toHaveLength(0);

      client.send({ type: 'utterance.cancel', turnId: 1, reason: 'user' });
      const turnAtMs = nowMs();
      client.send({ type: 'user.text', turnId: 2, text: 'what is the capital of Italy' });
      expect((await client.waitForTurn(2)).status).toBe('completed');
      const [chat] = openai.received('chat');
      expect([2, 3]).toContain(chat?.connection);
      expect(openedBetween(openai, turnAtMs, nowMs())).toBe(0);
    });
  });
});
