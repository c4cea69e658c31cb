import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerMessage } from '@parley/shared';
import { TalkClient } from '../src/talk/client.ts';
import { openAiRelayEnv, startFakeOpenAi, type FakeOpenAi } from './fakes/openai-server.ts';
import { startTestRelay, type TestRelay } from './harness.ts';
import { call } from './provider-settings-kit.ts';

// Issue 62 item 3: a reply that drifted out of the conversation's language went unnoticed. On
// the wire: the turn's `turn.done` carries `languageDrift` when a Dutch conversation's reply
// came in English, and not when it came in Dutch or was too short to judge.

const KEY = 'sk-language-drift-0123456789';

describe('a reply that drifts out of the conversation’s language', () => {
  let openai: FakeOpenAi;
  let relay: TestRelay;
  let client: TalkClient;
  let turnId = 0;
  beforeAll(async () => {
    openai = await startFakeOpenAi({ apiKey: KEY });
    openai.intervalMs = 1;
    relay = await startTestRelay({ LLM_PROVIDERS: 'openai', ...openAiRelayEnv(openai, KEY) });
    const saved = await call(relay, '/api/preferences', {
      method: 'PUT',
      body: { persona: 'friendly', replyLength: 'short', speakingRate: 1, language: 'nl' },
    });
    expect(saved.status).toBe(200);
    client = await TalkClient.connect(relay.wsUrl);
  });
  afterAll(async () => {
    client.close();
    await relay.close();
    await openai.close();
  });

  /** The `turn.done` of a typed turn the model answers with `reply`. */
  async function answered(reply: string): Promise<Extract<ServerMessage, { type: 'turn.done' }>> {
    openai.script = [{ text: reply }];
    const id = ++turnId;
    client.send({ type: 'user.text', turnId: id, text: 'zet een herinnering', speak: false });
    await client.waitForTurn(id);
    const done = client.received.find(
      (m): m is Extract<ServerMessage, { type: 'turn.done' }> =>
        m.type === 'turn.done' && m.turnId === id,
    );
    if (!done) throw new Error('no turn.done');
    return done;
  }

  it('is noted in turn.done, with the language expected and the one heard', async () => {
    const done = await answered('Sure, I have set a reminder for ten minutes from now.');
    expect(done.reply).toBe('Sure, I have set a reminder for ten minutes from now.');
    expect(done.languageDrift).toEqual({ expected: 'nl', detected: 'en' });
  });

  it('is not noted for a Dutch reply, nor for one too short to judge', async () => {
    expect(
      (await answered('Ik heb een herinnering gezet voor over tien minuten.')).languageDrift,
    ).toBeUndefined();
    expect((await answered('OK, done.')).languageDrift).toBeUndefined();
  });
});
