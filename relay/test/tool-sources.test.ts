import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mcpServersResponse } from '@parley/shared';
import { TalkClient } from '../src/talk/client.ts';
import { startTestRelay, type TestRelay } from './harness.ts';
import { EVERYTHING } from './mcp-kit.ts';
import { call } from './provider-settings-kit.ts';
import { startToolModel, toolMessages, type FakeToolModel } from './tool-kit.ts';

/**
 * A question answered through a real MCP server's tool (issue 48): the operator adds
 * server-everything (stdio, from npm) and enables its `get-sum`; the model at the fake OpenAI
 * server calls it; the relay runs it on the server and gives the model its result.
 */
describe('a turn calling an MCP server’s tool', () => {
  let model: FakeToolModel;
  let relay: TestRelay;
  let client: TalkClient;
  let sum = '';

  beforeAll(async () => {
    model = await startToolModel('openai');
    relay = await startTestRelay({ ...model.env, MCP_STDIO_COMMANDS: EVERYTHING });
    const added = mcpServersResponse.parse(
      (
        await call(relay, '/api/admin/mcp/servers', {
          body: { transport: 'stdio', name: 'everything', command: EVERYTHING },
        })
      ).json,
    ).servers[0];
    const enabled = mcpServersResponse.parse(
      (
        await call(relay, `/api/admin/mcp/servers/${added?.id ?? ''}/tools`, {
          method: 'PUT',
          body: { name: 'get-sum', enabled: true },
        })
      ).json,
    );
    sum = enabled.servers[0]?.tools?.find((t) => t.name === 'get-sum')?.modelName ?? '';
    client = await TalkClient.connect(relay.wsUrl);
  });
  afterAll(async () => {
    client.close();
    await relay.close();
    await model.close();
  });

  it('answers "what is 1,234 plus 5,678" with the sum the server computed', async () => {
    expect(sum).not.toBe('');
    model.script = [{ toolCalls: [{ name: sum, arguments: '{"a":1234,"b":5678}' }] }];
    client.send({ type: 'user.text', turnId: 1, text: 'what is 1,234 plus 5,678', speak: false });
    const turn = await client.waitForTurn(1);
    // Offered after the built-ins.
    expect(model.toolsOffered()[0]?.at(-1)).toBe(sum);
    expect(model.resultsSent()[1]?.[0]?.content).toContain('6912');
    expect(turn.replyText).toContain('6912');
    expect(toolMessages(client, 1).filter((m) => m.type === 'tool.result')).toMatchObject([
      { name: sum, status: 'done' },
    ]);
  });
});

/** The relay's own tools, called by a model (issue 48): what a relay offers with nothing added. */
describe('a turn calling a built-in tool', () => {
  let model: FakeToolModel;
  let relay: TestRelay;
  let client: TalkClient;
  beforeAll(async () => {
    model = await startToolModel('anthropic');
    relay = await startTestRelay(model.env);
    client = await TalkClient.connect(relay.wsUrl);
  });
  afterAll(async () => {
    client.close();
    await relay.close();
    await model.close();
  });

  it('answers "what is 1,234 times 5,678" with what calculate computed', async () => {
    model.script = [
      { toolCalls: [{ name: 'calculate', arguments: '{"expression":"1,234 * 5,678"}' }] },
    ];
    client.send({ type: 'user.text', turnId: 1, text: 'what is 1,234 times 5,678', speak: false });
    const turn = await client.waitForTurn(1);
    expect(model.toolsOffered()[0]).toEqual(expect.arrayContaining(['current_time', 'calculate']));
    expect(model.resultsSent()[1]?.[0]?.content).toContain('7006652');
    expect(turn.replyText).toContain('7006652');
  });
});
