import { afterEach, describe, expect, it } from 'vitest';
import { RelayError } from '../src/errors.ts';
import type { Tool } from '../src/tools/tool.ts';
import {
  serverId,
  startEverythingHttp,
  startMcp,
  startMcpProxy,
  toolContext,
  type EverythingHttp,
  type McpHarness,
  type McpProxy,
} from './mcp-kit.ts';

// Issue 48, part 3: what a failing MCP server does to a turn's tools, against the real
// server-everything over streamable HTTP, behind a proxy that sees what reaches it.

const never = new AbortController().signal;

describe('an MCP server that fails', () => {
  let h: McpHarness;
  let server: EverythingHttp;
  let proxy: McpProxy;
  afterEach(async () => {
    await h.close();
    await proxy.close();
    await server.close();
  });

  const start = async (options: { breakResults?: boolean; callTimeoutMs?: number } = {}) => {
    server = await startEverythingHttp();
    proxy = await startMcpProxy(server.url, options);
    h = await startMcp(
      options.callTimeoutMs === undefined ? {} : { callTimeoutMs: options.callTimeoutMs },
    );
    await h.servers.add({ transport: 'http', name: 'flaky', url: proxy.url }, never);
    const id = serverId(h.servers, 'flaky');
    for (const name of ['echo', 'trigger-long-running-operation'])
      await h.servers.setTool(id, { name, enabled: true }, never);
  };
  const tools = () => h.servers.tools.toolsFor('dev:local', never);
  const tool = async (name: string): Promise<Tool> => {
    const found = (await tools()).find((t) => t.name === name);
    if (!found) throw new Error(`no tool ${name}`);
    return found;
  };
  const breaker = () => h.servers.snapshot().servers[0]?.breaker;

  it('killed mid-call: a typed failure; after three its breaker opens and its tools are skipped; it recovers', async () => {
    await start({ callTimeoutMs: 5000 });
    const echo = await tool('flaky_echo');
    const op = await tool('flaky_trigger-long-running-operation');

    // Killed while it works on a call.
    const running = op.run({ duration: 5, steps: 5 }, toolContext());
    await expect.poll(() => proxy.taken.includes('tools/call')).toBe(true);
    await server.kill();
    const first = await running;
    expect(first.isError).toBe(true);
    // Noticed when its answer's stream breaks, not at the deadline (5 s of silence).
    expect(first.summary).toBe('The connection to “flaky” was lost during the call.');
    expect(first.content).toContain('flaky_trigger-long-running-operation could not be used');

    // Down: two more calls cannot reach it, and its breaker opens.
    for (let i = 0; i < 2; i++)
      expect((await echo.run({ message: 'anyone?' }, toolContext())).summary).toBe(
        '“flaky” could not be reached.',
      );
    expect(breaker()).toMatchObject({ state: 'open', consecutiveFailures: 3 });
    const view = h.servers.snapshot().servers[0];
    expect(view?.connection.state).toBe('failed');
    expect(view?.failures).toBe(3);

    // Skipped: turns are not offered its tools, and a call already planned is not sent.
    expect(await tools()).toEqual([]);
    const sent = proxy.methods.length;
    const skipped = await echo.run({ message: 'anyone?' }, toolContext());
    expect(skipped).toMatchObject({
      isError: true,
      summary: '“flaky” has been failing, so it was not asked (tried again in 10 s).',
    });
    expect(proxy.methods.length).toBe(sent);

    // Back, and its cool-down over: the next call is the probe, and closes the breaker.
    await server.restart();
    h.clock.now += 10_000;
    expect((await tools()).map((t) => t.name)).toContain('flaky_echo');
    expect((await (await tool('flaky_echo')).run({ message: 'back' }, toolContext())).content).toBe(
      'Echo: back',
    );
    expect(breaker()).toMatchObject({ state: 'closed', consecutiveFailures: 0 });
    expect(h.servers.snapshot().servers[0]?.connection.state).toBe('connected');
  });

  it('restarted between calls: the stale session is refused, and the call goes through on a new one', async () => {
    await start();
    const echo = await tool('flaky_echo');
    expect((await echo.run({ message: 'one' }, toolContext())).content).toBe('Echo: one');
    await server.kill();
    await server.restart();
    expect((await echo.run({ message: 'two' }, toolContext())).content).toBe('Echo: two');
    expect(breaker()).toMatchObject({ state: 'closed', consecutiveFailures: 0 });
  });

  it('sends a result that is not MCP: a typed failure the model reads, counted', async () => {
    await start({ breakResults: true });
    const r = await (await tool('flaky_echo')).run({ message: 'hi' }, toolContext());
    expect(r).toMatchObject({
      isError: true,
      summary: '“flaky” sent an answer that could not be read.',
    });
    expect(r.content).toContain('Do not call it again.');
    expect(breaker()?.consecutiveFailures).toBe(1);
  });
});

describe('stdio servers', () => {
  it('are refused unless their command is in MCP_STDIO_COMMANDS (a typed 403)', async () => {
    const h = await startMcp({ stdioCommands: [] });
    try {
      const refused = h.servers.add(
        { transport: 'stdio', name: 'shell', command: '/bin/sh', args: ['-c', 'echo hi'] },
        never,
      );
      await expect(refused).rejects.toBeInstanceOf(RelayError);
      await expect(refused).rejects.toMatchObject({
        code: 'forbidden',
        options: { status: 403 },
        message: expect.stringContaining('MCP_STDIO_COMMANDS') as unknown,
      });
      expect(h.servers.snapshot().servers).toEqual([]);
      expect(await h.storage.mcpServers.list()).toEqual([]);
    } finally {
      await h.close();
    }
  });
});
