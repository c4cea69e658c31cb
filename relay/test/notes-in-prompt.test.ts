import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEV_USER_ID } from '../src/auth/identity.ts';
import { TalkClient } from '../src/talk/client.ts';
import { openAiRelayEnv, startFakeOpenAi, type FakeOpenAi } from './fakes/openai-server.ts';
import { startTestRelay, type TestRelay } from './harness.ts';

// Issue 65, item 2: Settings says notes are "recalled in every conversation", but a model was
// told of them only if it thought of calling recall_notes (and a model without tools, never).
// Every request now carries the user's newest notes in its system prompt.
describe('what the user asked to be remembered, for a model', () => {
  const KEY = 'sk-notes-in-prompt-0123456789';
  let model: FakeOpenAi;
  let relay: TestRelay;
  beforeAll(async () => {
    model = await startFakeOpenAi({ apiKey: KEY });
    relay = await startTestRelay({ LLM_PROVIDERS: 'openai', ...openAiRelayEnv(model, KEY) });
  });
  afterAll(async () => {
    await relay.close();
    await model.close();
  });

  /** The system prompt of the model's request for a turn asking `text` in a new conversation. */
  async function systemPromptFor(text: string): Promise<string> {
    const client = await TalkClient.connect(relay.wsUrl);
    try {
      const before = model.chatBodies().length;
      client.send({ type: 'user.text', turnId: 1, text, speak: false });
      expect((await client.waitForTurn(1)).status).toBe('completed');
      const body = model.chatBodies()[before];
      const system = body?.messages.find((m) => m.role === 'system');
      return typeof system?.content === 'string' ? system.content : '';
    } finally {
      client.close();
    }
  }

  it('puts the newest notes in the system prompt of a later conversation', async () => {
    expect(await systemPromptFor('hello')).not.toContain('asked you to remember');
    await relay.storage.notes.add(DEV_USER_ID, 'My sister is called Anna');
    await relay.storage.notes.add('someone-else', 'My password is hunter2');
    const prompt = await systemPromptFor('what is my sister called');
    expect(prompt).toContain('What the user asked you to remember:\n- My sister is called Anna');
    // Another user's notes are theirs.
    expect(prompt).not.toContain('hunter2');
  });
});
