import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CloseCode,
  PROTOCOL_VERSION,
  sessionDetail,
  sessionList,
  sessionSummary,
  type ApiErrorBody,
} from '@parley/shared';
import { TalkClient } from '../src/talk/client.ts';
import { RawClient, ticket } from './clients.ts';
import { openAiRelayEnv, startFakeOpenAi, type FakeOpenAi } from './fakes/openai-server.ts';
import { startTestRelay, type TestRelay } from './harness.ts';
import { JWT_RELAY, ORIGIN, token } from './jwt-kit.ts';

// Issue 23: a past conversation continued goes back to the LLM with its history; only its
// owner may continue or rename it.

const KEY = 'sk-continue-test-0123456789';

describe('continuing a past conversation', () => {
  let relay: TestRelay;
  let openai: FakeOpenAi;
  beforeAll(async () => {
    openai = await startFakeOpenAi({ apiKey: KEY });
    openai.reply = (messages) => `Reply ${messages.filter((m) => m.role === 'user').length}.`;
    relay = await startTestRelay({
      ...JWT_RELAY,
      NEW_SESSIONS_PER_MINUTE: '100',
      // Commits wait a while behind one another: an end still being stored is easy to overtake.
      SQLITE_COMMIT_INTERVAL_MS: '300',
      LLM_PROVIDERS: 'openai',
      ...openAiRelayEnv(openai, KEY),
    });
  });
  afterAll(async () => {
    await relay.close();
    await openai.close();
  });

  const as = async (user: string, continueFrom?: string) =>
    TalkClient.connect(relay.wsUrl, {
      token: await token(user),
      origin: ORIGIN,
      ...(continueFrom === undefined ? {} : { continueFrom }),
    });

  async function typed(client: TalkClient, turnId: number, text: string) {
    client.send({ type: 'user.text', turnId, text });
    const turn = await client.waitForTurn(turnId);
    expect(turn.status).toBe('completed');
    return turn;
  }

  async function api(user: string, path: string, init: RequestInit = {}) {
    return fetch(`${relay.url}/api/sessions${path}`, {
      ...init,
      headers: {
        Origin: ORIGIN,
        Authorization: `Bearer ${await token(user)}`,
        ...(init.body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
    });
  }

  /** When the stored conversation ended (null while open). */
  const endedAt = async (id: string) =>
    sessionDetail.parse(await (await api('alice', `/${id}`)).json()).endedAt;

  const chatTurns = () =>
    (openai.chatBodies().at(-1)?.messages ?? [])
      .filter((m) => m.role !== 'system')
      .map((m) => `${m.role}: ${m.content}`);

  /** Alice's two-turn conversation, ended; its id. */
  async function pastConversation(): Promise<string> {
    const alice = await as('alice');
    await typed(alice, 1, 'my name is Ada');
    await typed(alice, 2, 'I live in Paris');
    alice.close();
    await alice.closed();
    const id = alice.ready.sessionId;
    await expect.poll(() => endedAt(id)).not.toBeNull();
    return id;
  }

  it('opens the same conversation again and sends its stored turns to the LLM', async () => {
    const id = await pastConversation();
    const again = await as('alice', id);
    expect(again.ready.sessionId).toBe(id);
    expect(again.ready.resumed).toBe(false);
    await typed(again, 3, 'where do I live');
    expect(chatTurns()).toEqual([
      'user: my name is Ada',
      'assistant: Reply 1.',
      'user: I live in Paris',
      'assistant: Reply 2.',
      'user: where do I live',
    ]);
    again.close();
    await again.closed();
    await expect.poll(() => endedAt(id)).not.toBeNull();
    // One conversation in the history, with all three turns.
    const detail = sessionDetail.parse(await (await api('alice', `/${id}`)).json());
    expect(detail.turns.map((t) => [t.turnId, t.userText])).toEqual([
      [1, 'my name is Ada'],
      [2, 'I live in Paris'],
      [3, 'where do I live'],
    ]);
    const list = sessionList.parse(await (await api('alice', '')).json());
    expect(list.sessions.filter((s) => s.id === id)).toHaveLength(1);
  });

  it('numbers new turns after the stored ones: an old turn id is refused', async () => {
    const id = await pastConversation();
    const again = await as('alice', id);
    again.send({ type: 'user.text', turnId: 2, text: 'hello again' });
    await expect.poll(() => again.errors.map((e) => e.code)).toContain('unknown-turn');
    again.close();
    await again.closed();
  });

  it("refuses another user's conversation as if it did not exist, and changes nothing", async () => {
    const id = await pastConversation();
    const before = await (await api('alice', `/${id}`)).json();
    const chats = openai.chatBodies().length;
    const refusal = async (sessionId: string) => {
      const c = await RawClient.open(relay.wsUrl, { Origin: ORIGIN });
      c.send({
        type: 'hello',
        protocol: PROTOCOL_VERSION,
        ticket: await ticket(relay, await token('bob'), { Origin: ORIGIN }),
        continue: { sessionId },
      });
      const err = await c.next('error');
      return { code: err.code, message: err.message, close: (await c.closed).code };
    };
    const bobOnAlices = await refusal(id);
    expect(bobOnAlices).toMatchObject({ code: 'no-session', close: CloseCode.SessionNotFound });
    expect(bobOnAlices.message).toMatch(/cannot be continued/);
    expect(await refusal('no-such-conversation')).toEqual(bobOnAlices);
    expect(await (await api('alice', `/${id}`)).json()).toEqual(before);
    expect(openai.chatBodies()).toHaveLength(chats);
    expect(sessionList.parse(await (await api('bob', '')).json()).sessions).toEqual([]);
  });

  it('continued right after it was ended mid-answer: open while it goes on, then ended', async () => {
    const alice = await as('alice');
    await typed(alice, 1, 'my name is Ada');
    const id = alice.ready.sessionId;
    // Ended while a slow answer streams: its end is stored only after that turn's record.
    openai.intervalMs = 100;
    alice.send({ type: 'user.text', turnId: 2, text: 'tell me a long story' });
    await expect.poll(() => alice.turn(2).replyText).not.toBe('');
    alice.close();
    // No wait for the end to be stored: the continuing hello may well arrive first.
    const again = await as('alice', id);
    openai.intervalMs = 0;
    await typed(again, 3, 'what is my name');
    expect(await endedAt(id)).toBeNull();
    again.close();
    await again.closed();
    await expect.poll(() => endedAt(id)).not.toBeNull();
  });

  it('takes a conversation still open in another connection from it', async () => {
    const first = await as('alice');
    await typed(first, 1, 'my name is Ada');
    const second = await as('alice', first.ready.sessionId);
    // The first connection is told it was replaced; it cannot take the conversation back.
    await expect.poll(() => first.ended?.code, { timeout: 15_000 }).toBe(CloseCode.SessionNotFound);
    await typed(second, 2, 'what is my name');
    expect(chatTurns()).toEqual([
      'user: my name is Ada',
      'assistant: Reply 1.',
      'user: what is my name',
    ]);
    second.close();
    await second.closed();
  });

  it('renames a conversation (only its owner), and later turns keep the new title', async () => {
    const id = await pastConversation();
    const patch = (user: string, body: unknown) =>
      api(user, `/${id}`, { method: 'PATCH', body: JSON.stringify(body) });

    const renamed = await patch('alice', { title: '  Trip planning  ' });
    expect(renamed.status).toBe(200);
    expect(sessionSummary.parse(await renamed.json()).title).toBe('Trip planning');

    const bob = await patch('bob', { title: 'mine now' });
    expect(bob.status).toBe(404);
    expect(((await bob.json()) as ApiErrorBody).error).toBe('not-found');

    for (const [body, message] of [
      [{ title: '   ' }, /^title must not be empty\.$/],
      [{ title: 'x'.repeat(81) }, /^title must be at most 80 characters\.$/],
      [{ title: 7 }, /^title must be text\.$/],
      [{ title: 'ok', extra: 1 }, /extra/],
    ] as const) {
      const res = await patch('alice', body);
      expect(res.status).toBe(400);
      const answer = (await res.json()) as ApiErrorBody;
      expect(answer.error).toBe('bad-message');
      expect(answer.message).toMatch(message);
    }

    const again = await as('alice', id);
    await typed(again, 3, 'and one more thing');
    again.close();
    await again.closed();
    const detail = sessionDetail.parse(await (await api('alice', `/${id}`)).json());
    expect(detail.title).toBe('Trip planning');
  });
});
