import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerMessage } from '@parley/shared';
import { DEV_USER_ID } from '../src/auth/identity.ts';
import { TalkClient } from '../src/talk/client.ts';
import { healthy } from './fakes/faults.ts';
import { openAiRelayEnv, startFakeOpenAi, type FakeOpenAi } from './fakes/openai-server.ts';
import { startTestRelay, type TestRelay } from './harness.ts';

const KEY = 'sk-turn-retry-0123456789';

/** The `turn.done` of `turnId`. */
function doneOf(client: TalkClient, turnId: number) {
  return client.received.findLast(
    (m): m is Extract<ServerMessage, { type: 'turn.done' }> =>
      m.type === 'turn.done' && m.turnId === turnId,
  );
}

/**
 * Issue 65, item 4: a turn whose model failed could only be typed again (a second question in the
 * conversation), and one the offline responder stood in for offered nothing. `turn.retry` asks
 * the question the relay has of that turn again, of the chain as it is now; the new turn replaces
 * the old one in the history the model is given and in storage.
 */
describe.each([
  ['the model failed', 'openai'],
  ['the offline responder stood in', 'openai,embedded'],
] as const)('asking a question again when %s', (_case, chain) => {
  let relay: TestRelay;
  let openai: FakeOpenAi;
  beforeAll(async () => {
    openai = await startFakeOpenAi({ apiKey: KEY });
    openai.reply = () => 'It is sunny.';
    relay = await startTestRelay({ LLM_PROVIDERS: chain, ...openAiRelayEnv(openai, KEY) });
  });
  afterAll(async () => {
    await relay.close();
    await openai.close();
  });

  it('answers the same words with the model once it works, and keeps the question once', async () => {
    const client = await TalkClient.connect(relay.wsUrl);
    client.send({ type: 'user.text', turnId: 1, text: 'hello there', speak: false });
    await client.waitForTurn(1);
    openai.setFault('chat', { kind: 'status', status: 500 });
    client.send({ type: 'user.text', turnId: 2, text: 'what is the weather', speak: false });
    const first = await client.waitForTurn(2);
    if (chain === 'openai') expect(first.status).toBe('failed');
    else {
      expect(first.status).toBe('completed');
      expect(doneOf(client, 2)?.llmFallback?.answeredBy).toMatchObject({ standIn: true });
    }

    openai.setFault('chat', healthy);
    const asked = openai.chatBodies().length;
    client.send({
      type: 'turn.retry',
      turnId: 3,
      retryOf: 2,
      text: 'what is the weather (as the page shows it)',
      speak: false,
    });
    const retried = await client.waitForTurn(3);
    expect(retried.status).toBe('completed');
    expect(retried.replyText).toBe('It is sunny.');
    // The model is asked the question once, after the exchange before it: no stand-in's answer.
    const sent = openai.chatBodies()[asked]?.messages.filter((m) => m.role !== 'system');
    expect(sent?.map((m) => [m.role, m.content])).toEqual([
      ['user', 'hello there'],
      ['assistant', 'It is sunny.'],
      ['user', 'what is the weather'],
    ]);
    // Stored once: the retry in place of the turn it asked again.
    await expect
      .poll(async () => {
        const saved = await relay.storage.sessions.get(DEV_USER_ID, client.ready.sessionId);
        return (
          saved && {
            count: saved.turnCount,
            turns: saved.turns.map((t) => [t.turnId, t.userText, t.status]),
          }
        );
      })
      .toEqual({
        count: 2,
        turns: [
          [1, 'hello there', 'completed'],
          [3, 'what is the weather', 'completed'],
        ],
      });
    client.close();
  });

  it('asks a turn it has no words of (another conversation’s) as the page shows it', async () => {
    const client = await TalkClient.connect(relay.wsUrl);
    client.send({ type: 'turn.retry', turnId: 5, retryOf: 4, text: 'and tomorrow?', speak: false });
    const turn = await client.waitForTurn(5);
    expect(turn.status).toBe('completed');
    expect(turn.transcript).toBe('and tomorrow?');
    client.close();
  });
});
