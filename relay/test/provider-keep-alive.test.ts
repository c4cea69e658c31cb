import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TalkClient } from '../src/talk/client.ts';
import { openAiRelayEnv, startFakeOpenAi, type FakeOpenAi } from './fakes/openai-server.ts';
import { startTestRelay, type TestRelay } from './harness.ts';

const KEY = 'sk-keep-alive-test-key';

/**
 * Provider calls ride kept-alive connections: a hosted provider's TCP and TLS set-up (a round
 * trip or three, 50–300 ms from a far region) is paid once, not at every turn's first token and
 * first audio.
 */
describe('connections to a provider are kept alive and reused from turn to turn', () => {
  let openai: FakeOpenAi;
  let relay: TestRelay;
  let connections = 0;
  beforeAll(async () => {
    openai = await startFakeOpenAi({ apiKey: KEY });
    openai.server.on('connection', () => connections++);
    relay = await startTestRelay({
      ...openAiRelayEnv(openai, KEY),
      LLM_PROVIDERS: 'openai',
      TTS_PROVIDERS: 'openai',
    });
  });
  afterAll(async () => {
    await relay.close();
    await openai.close();
  });

  it('five typed turns: ten provider requests or more on at most two connections', async () => {
    const client = await TalkClient.connect(relay.wsUrl);
    for (let turnId = 1; turnId <= 5; turnId++) {
      client.send({ type: 'user.text', turnId, text: `say something number ${turnId}` });
      expect((await client.waitForTurn(turnId)).status).toBe('completed');
    }
    client.close();
    const requests = openai.received('chat').length + openai.received('speech').length;
    expect(openai.received('chat')).toHaveLength(5);
    expect(requests).toBeGreaterThanOrEqual(10);
    // The chat stream and the first sentence's speech overlap: two connections, each reused.
    expect(connections).toBeLessThanOrEqual(2);
  });
});
