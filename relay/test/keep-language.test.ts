import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TalkClient } from '../src/talk/client.ts';
import { startFakeAnthropic, type FakeAnthropic } from './fakes/anthropic-server.ts';
import { openAiRelayEnv, startFakeOpenAi, type FakeOpenAi } from './fakes/openai-server.ts';
import { startTestRelay, type TestRelay } from './harness.ts';
import { call } from './provider-settings-kit.ts';

// Issue 62 item 2: models drift out of a chosen language when the user slips into another or a
// tool result is in another; the prompt said only "Always reply in Dutch." On the wire, what
// OpenAI's and Anthropic's APIs receive as the system prompt of a Dutch conversation.

const KEY = 'sk-keep-language-0123456789';
const KEEP =
  /Always reply in Dutch\. Dutch is the language of this conversation: keep to it even when the user uses words of another language, or a tool result, a note or a text you quote is in another/;

/** Saves Dutch as the user's language and types one turn; resolves when it is done. */
async function dutchTurn(relay: TestRelay, text: string): Promise<void> {
  const saved = await call(relay, '/api/preferences', {
    method: 'PUT',
    body: { persona: 'friendly', replyLength: 'short', speakingRate: 1, language: 'nl' },
  });
  expect(saved.status).toBe(200);
  const client = await TalkClient.connect(relay.wsUrl);
  try {
    client.send({ type: 'user.text', turnId: 1, text, speak: false });
    expect((await client.waitForTurn(1)).status).toBe('completed');
  } finally {
    client.close();
  }
}

describe('the system prompt of a Dutch conversation asks to keep Dutch', () => {
  let openai: FakeOpenAi;
  let anthropic: FakeAnthropic;
  let viaOpenAi: TestRelay;
  let viaAnthropic: TestRelay;
  beforeAll(async () => {
    [openai, anthropic] = await Promise.all([
      startFakeOpenAi({ apiKey: KEY }),
      startFakeAnthropic({ apiKey: KEY }),
    ]);
    [viaOpenAi, viaAnthropic] = await Promise.all([
      startTestRelay({ LLM_PROVIDERS: 'openai', ...openAiRelayEnv(openai, KEY) }),
      startTestRelay({
        LLM_PROVIDERS: 'anthropic',
        ANTHROPIC_API_KEY: KEY,
        ANTHROPIC_BASE_URL: anthropic.url,
        HEALTH_PROBE_INTERVAL_S: '0',
      }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([viaOpenAi.close(), viaAnthropic.close()]);
    await Promise.all([openai.close(), anthropic.close()]);
  });

  it('as OpenAI receives it', async () => {
    await dutchTurn(viaOpenAi, 'what is the capital of France?');
    const system = openai
      .chatBodies()
      .at(-1)
      ?.messages.find((m) => m.role === 'system');
    expect(system?.content).toMatch(KEEP);
  });

  it('as Anthropic receives it', async () => {
    await dutchTurn(viaAnthropic, 'what is the capital of France?');
    expect(anthropic.bodies().at(-1)?.system).toMatch(KEEP);
  });
});
