import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEV_USER_ID } from '../src/auth/identity.ts';
import { TalkClient } from '../src/talk/client.ts';
import { openAiRelayEnv, startFakeOpenAi, type FakeOpenAi } from './fakes/openai-server.ts';
import { startTestRelay, type TestRelay } from './harness.ts';
import {
  addMcpServer,
  startEverythingHttp,
  startMcpProxy,
  type EverythingHttp,
  type McpProxy,
} from './mcp-kit.ts';

const KEY = 'sk-tool-cancel-0123456789';

/**
 * An interrupt during a tool call cancels it (issue 48, part 4), on the wire: server-everything
 * over streamable HTTP, behind a proxy that sees what the relay sends it, runs its long-running
 * operation (10 s); the user interrupts while it runs, having heard the words before the call and
 * the progress line. The server is sent MCP's `notifications/cancelled`, the call ends at once as
 * `cancelled`, no later round asks the model, and the turn is kept as interrupted with the words
 * the user heard — the progress line not among them.
 */
describe('an interrupt during an MCP tool call', () => {
  let openai: FakeOpenAi;
  let everything: EverythingHttp;
  let proxy: McpProxy;
  let relay: TestRelay;
  let client: TalkClient;
  let slow = '';

  beforeAll(async () => {
    openai = await startFakeOpenAi({ apiKey: KEY });
    openai.intervalMs = 5;
    everything = await startEverythingHttp();
    proxy = await startMcpProxy(everything.url);
    relay = await startTestRelay({
      LLM_PROVIDERS: 'openai',
      TTS_PROVIDERS: 'openai',
      ...openAiRelayEnv(openai, KEY),
    });
    const name = 'trigger-long-running-operation';
    const names = await addMcpServer(relay, { transport: 'http', name: 'remote', url: proxy.url }, [
      name,
    ]);
    slow = names[name] ?? '';
    client = await TalkClient.connect(relay.wsUrl);
  });
  afterAll(async () => {
    client.close();
    await relay.close();
    await proxy.close();
    await everything.close();
    await openai.close();
  });

  it('cancels the call on the server, stops the turn, and keeps what was heard', async () => {
    expect(slow).not.toBe('');
    openai.script = [
      {
        text: 'Let me check.',
        toolCalls: [{ name: slow, arguments: '{"duration":10,"steps":10}' }],
      },
    ];
    const requests = openai.chatBodies().length;
    client.send({ type: 'user.text', turnId: 1, text: 'run the long one', speak: true });
    // The words before the call, then the progress line, are said while the tool runs.
    await expect
      .poll(() => client.turns.get(1)?.segments.map((s) => s.text), { timeout: 5_000 })
      .toEqual(['Let me check.', '']);
    const running = client.turns.get(1)!;
    expect(running.tools).toMatchObject([{ name: slow, status: null }]);
    const sentAt = performance.now();
    // Everything sent was heard: the words, and the line.
    client.send({ type: 'interrupt', turnId: 1, playedSamples: running.audioSamples });
    const turn = await client.waitForTurn(1);
    expect(performance.now() - sentAt).toBeLessThan(2_000);
    expect(turn.status).toBe('cancelled');
    expect(turn.tools).toMatchObject([{ name: slow, status: 'cancelled' }]);
    // Told at once (the operation would run 10 s).
    await expect.poll(() => proxy.methods, { timeout: 1_000 }).toContain('notifications/cancelled');
    // No later round: the model was asked once.
    expect(openai.chatBodies().length).toBe(requests + 1);
    const truncated = client.received.find((m) => m.type === 'reply.truncated');
    expect(truncated).toMatchObject({ heard: 'Let me check.' });
    await expect
      .poll(async () => {
        const saved = await relay.storage.sessions.get(DEV_USER_ID, client.ready.sessionId);
        return saved?.turns.find((t) => t.turnId === 1);
      })
      .toMatchObject({
        interrupted: true,
        assistantText: 'Let me check.',
        toolCalls: [{ name: slow, status: 'cancelled' }],
      });
  });
});
