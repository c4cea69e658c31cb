import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TalkClient } from '../src/talk/client.ts';
import { openAiRelayEnv, startFakeOpenAi, type FakeOpenAi } from './fakes/openai-server.ts';
import { healthy } from './fakes/faults.ts';
import { startTestRelay, type TestRelay } from './harness.ts';
import { DEV_USER_ID } from '../src/auth/identity.ts';

const KEY = 'sk-failed-turn-0123456789';

/**
 * What the page's failed bubble is built from: the turn's `error` (which stage failed, in the
 * relay's words, whether trying again may help) and `turn.done` failed — and a retry, the same
 * question sent again as text, answered once the provider is back.
 */
describe('a turn whose language model fails', () => {
  let relay: TestRelay;
  let openai: FakeOpenAi;
  beforeAll(async () => {
    openai = await startFakeOpenAi({ apiKey: KEY });
    openai.reply = () => 'It is sunny.';
    relay = await startTestRelay({ LLM_PROVIDERS: 'openai', ...openAiRelayEnv(openai, KEY) });
  });
  afterAll(async () => {
    await relay.close();
    await openai.close();
  });

  it('says the language model failed for that turn, and answers the same text sent again', async () => {
    const client = await TalkClient.connect(relay.wsUrl);
    openai.setFault('chat', { kind: 'status', status: 500 });
    client.send({ type: 'user.text', turnId: 1, text: 'what is the weather' });
    const failed = await client.waitForTurn(1);
    expect(failed.status).toBe('failed');
    expect(failed.errors.map((e) => [e.code, e.retryable, e.turnId])).toEqual([
      ['llm-failed', true, 1],
    ]);
    // An apology stands in for the reply: the bubble is never empty.
    expect(failed.replyText).not.toBe('');

    openai.setFault('chat', healthy);
    client.send({ type: 'user.text', turnId: 2, text: 'what is the weather' });
    const retried = await client.waitForTurn(2);
    expect(retried.status).toBe('completed');
    expect(retried.replyText).toBe('It is sunny.');
    expect(retried.errors).toEqual([]);
    // Both are in the history: the failed one as failed.
    const saved = await relay.storage.sessions.get(DEV_USER_ID, client.ready.sessionId);
    expect(saved?.turns.map((t) => [t.userText, t.status])).toEqual([
      ['what is the weather', 'failed'],
      ['what is the weather', 'completed'],
    ]);
    client.close();
  });
});
