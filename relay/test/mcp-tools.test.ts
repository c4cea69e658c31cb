import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { logger } from '../src/log/logger.ts';
import { McpServers } from '../src/tools/mcp/mcp-servers.ts';
import type { Tool } from '../src/tools/tool.ts';
import {
  EVERYTHING,
  MEMORY,
  serverId,
  startEverythingHttp,
  startMcp,
  toolContext,
  type EverythingHttp,
  type McpHarness,
} from './mcp-kit.ts';

// Issue 48, part 3: MCP servers' tools served to turns, against real servers from npm.

const never = new AbortController().signal;
const toolsOf = async (h: McpHarness): Promise<readonly Tool[]> =>
  h.servers.tools.toolsFor('dev:local', never);
const toolNamed = async (h: McpHarness, name: string): Promise<Tool> => {
  const tool = (await toolsOf(h)).find((t) => t.name === name);
  if (!tool) throw new Error(`no tool ${name}`);
  return tool;
};

describe('MCP tools over stdio (server-everything)', () => {
  let h: McpHarness;
  let id: string;
  beforeAll(async () => {
    h = await startMcp();
    await h.servers.add({ transport: 'stdio', name: 'everything', command: EVERYTHING }, never);
    id = serverId(h.servers, 'everything');
  });
  afterAll(() => h.close());

  it('lists its tools with their descriptions and annotations, none enabled', () => {
    const [server] = h.servers.snapshot().servers;
    expect(server?.connection.state).toBe('connected');
    const echo = server?.tools?.find((t) => t.name === 'echo');
    expect(echo).toMatchObject({
      modelName: 'everything_echo',
      description: 'Echoes back the input string',
      annotations: { readOnlyHint: true, destructiveHint: false },
      readOnly: true,
      enabled: false,
      changed: false,
      inputSchema: { type: 'object', properties: { message: { type: 'string' } } },
    });
    // A tool whose name MCP allows and the model APIs do not gets one they accept.
    for (const t of server?.tools ?? []) expect(t.modelName).toMatch(/^[a-zA-Z0-9_-]{1,64}$/);
    expect(server?.tools?.find((t) => t.name === 'get-sum')?.modelName).toBe('everything_get-sum');
  });

  it('offers no tool to turns until the operator enables it', async () => {
    expect(await toolsOf(h)).toEqual([]);
    await h.servers.setTool(id, { name: 'get-sum', enabled: true }, never);
    await h.servers.setTool(id, { name: 'echo', enabled: true }, never);
    const tools = await toolsOf(h);
    expect(tools.map((t) => t.name).sort()).toEqual(['everything_echo', 'everything_get-sum']);
    expect(tools.find((t) => t.name === 'everything_get-sum')).toMatchObject({
      description: 'Returns the sum of two numbers',
      readOnly: true,
      origin: { kind: 'mcp', serverId: id, serverName: 'everything' },
      inputSchema: { type: 'object', required: ['a', 'b'] },
    });
  });

  it('calls a read-only tool through the ToolSource: its text for the model, a line for people', async () => {
    const sum = await toolNamed(h, 'everything_get-sum');
    expect(await sum.run({ a: 1234, b: 5678 }, toolContext())).toEqual({
      content: 'The sum of 1234 and 5678 is 6912.',
      summary: 'The sum of 1234 and 5678 is 6912.',
    });
    const echo = await toolNamed(h, 'everything_echo');
    expect((await echo.run({ message: 'hello' }, toolContext())).content).toBe('Echo: hello');
  });

  it('turns a tool’s own error into a result the model reads, not counted against the server', async () => {
    const sum = await toolNamed(h, 'everything_get-sum');
    const r = await sum.run({ a: 'one', b: 2 }, toolContext());
    expect(r.isError).toBe(true);
    expect(r.content).toContain('expected number, received string');
    expect(r.summary).toMatch(/^failed: Input validation error/);
    expect(r.summary.length).toBeLessThanOrEqual(100);
    const server = h.servers.snapshot().servers[0];
    expect(server?.breaker).toMatchObject({ state: 'closed', consecutiveFailures: 0 });
  });

  it('stops waiting at the call deadline; the connection serves the next call', async () => {
    const slow = await startMcp({ callTimeoutMs: 400 });
    try {
      await slow.servers.add({ transport: 'stdio', name: 'slow', command: EVERYTHING }, never);
      const sid = serverId(slow.servers, 'slow');
      await slow.servers.setTool(
        sid,
        { name: 'trigger-long-running-operation', enabled: true },
        never,
      );
      const op = await toolNamed(slow, 'slow_trigger-long-running-operation');
      const started = performance.now();
      const r = await op.run({ duration: 5, steps: 5 }, toolContext());
      expect(performance.now() - started).toBeLessThan(3000);
      expect(r).toMatchObject({ isError: true, summary: '“slow” did not answer within 0.4 s.' });
      expect(slow.servers.snapshot().servers[0]?.breaker.consecutiveFailures).toBe(1);
      // The connection lives on: the next call is answered.
      await slow.servers.setTool(sid, { name: 'echo', enabled: true }, never);
      const echo = await toolNamed(slow, 'slow_echo');
      expect((await echo.run({ message: 'still here' }, toolContext())).content).toBe(
        'Echo: still here',
      );
    } finally {
      await slow.close();
    }
  });

  it('stops a call when the turn is interrupted (rejects with the reason, the breaker untouched)', async () => {
    await h.servers.setTool(id, { name: 'trigger-long-running-operation', enabled: true }, never);
    const op = await toolNamed(h, 'everything_trigger-long-running-operation');
    const barge = new AbortController();
    const running = op.run({ duration: 5, steps: 5 }, toolContext(barge.signal));
    const reason = new Error('barge-in');
    barge.abort(reason);
    await expect(running).rejects.toBe(reason);
    expect(h.servers.snapshot().servers[0]?.breaker.state).toBe('closed');
  });

  it('holds back a tool the server changed since it was enabled, until enabled again', async () => {
    const [row] = await h.storage.mcpServers.list();
    if (!row) throw new Error('no row');
    // As if the operator had reviewed another description than the server's now.
    const config = JSON.parse(row.config) as { enabled: Record<string, { fingerprint: string }> };
    const echo = config.enabled.echo;
    if (!echo) throw new Error('echo not enabled');
    echo.fingerprint = 'reviewed-before';
    await h.storage.mcpServers.update(id, JSON.stringify(config));
    await h.servers.refresh();
    expect((await toolsOf(h)).map((t) => t.name)).not.toContain('everything_echo');
    const view = h.servers.snapshot().servers[0]?.tools?.find((t) => t.name === 'echo');
    expect(view).toMatchObject({ enabled: true, changed: true });

    await h.servers.setTool(id, { name: 'echo', enabled: true }, never);
    expect((await toolsOf(h)).map((t) => t.name)).toContain('everything_echo');
    expect(h.servers.snapshot().servers[0]?.tools?.find((t) => t.name === 'echo')?.changed).toBe(
      false,
    );
  });

  it('offers its enabled tools after a restart without connecting; the first call connects', async () => {
    const again = new McpServers({ ...h.deps, log: logger('test:mcp-restarted') });
    await again.start();
    try {
      const [server] = again.snapshot().servers;
      expect(server?.connection.state).toBe('idle');
      const tools = await again.tools.toolsFor('dev:local', never);
      expect(tools.map((t) => t.name)).toContain('everything_get-sum');
      expect(again.snapshot().servers[0]?.connection.state).toBe('idle');
      const sum = tools.find((t) => t.name === 'everything_get-sum');
      expect((await sum?.run({ a: 2, b: 3 }, toolContext()))?.content).toBe(
        'The sum of 2 and 3 is 5.',
      );
      expect(again.snapshot().servers[0]?.connection.state).toBe('connected');
    } finally {
      await again.stop();
    }
  });

  it('starts a stdio server with the operator’s variables, never the relay’s environment', async () => {
    const own = new AbortController().signal;
    const before = process.env.OPENAI_API_KEY;
    process.env.OPENAI_API_KEY = 'sk-the-relays-own-key-0123456789';
    const envs = await startMcp();
    try {
      await envs.servers.add(
        { transport: 'stdio', name: 'envs', command: EVERYTHING, env: { GREETING: 'hello' } },
        own,
      );
      await envs.servers.setTool(
        serverId(envs.servers, 'envs'),
        { name: 'get-env', enabled: true },
        own,
      );
      const getEnv = await toolNamed(envs, 'envs_get-env');
      const seen = (await getEnv.run({}, toolContext())).content;
      expect(seen).toContain('"GREETING": "hello"');
      expect(seen).toContain('"PATH"');
      expect(seen).not.toContain('sk-the-relays-own-key');
    } finally {
      if (before === undefined) delete process.env.OPENAI_API_KEY;
      else process.env.OPENAI_API_KEY = before;
      await envs.close();
    }
  });

  it('summarises an image for the model and the transcript', async () => {
    await h.servers.setTool(id, { name: 'get-tiny-image', enabled: true }, never);
    const image = await toolNamed(h, 'everything_get-tiny-image');
    const r = await image.run({}, toolContext());
    expect(r.content).toMatch(/\[image, image\/png, [\d.]+ (B|KB)\]/);
    expect(r.summary).toMatch(/\+1 image/);
    expect(r.content).not.toMatch(/iVBOR/);
  });
});

describe('MCP tools over streamable HTTP (server-everything)', () => {
  let h: McpHarness;
  let server: EverythingHttp;
  beforeAll(async () => {
    server = await startEverythingHttp();
    h = await startMcp();
  });
  afterAll(async () => {
    await h.close();
    await server.close();
  });

  it('lists and calls its tools', async () => {
    await h.servers.add({ transport: 'http', name: 'remote', url: server.url }, never);
    const id = serverId(h.servers, 'remote');
    expect(h.servers.snapshot().servers[0]?.tools?.map((t) => t.name)).toContain('echo');
    await h.servers.setTool(id, { name: 'echo', enabled: true }, never);
    const echo = await toolNamed(h, 'remote_echo');
    expect((await echo.run({ message: 'over http' }, toolContext())).content).toBe(
      'Echo: over http',
    );
  });
});

describe('MCP tools over stdio (server-memory)', () => {
  let h: McpHarness;
  let dir: string;
  afterEach(async () => {
    await h.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps what a tool that writes was given, and says it is not read-only', async () => {
    dir = mkdtempSync(join(tmpdir(), 'parley-memory-'));
    h = await startMcp();
    await h.servers.add(
      {
        transport: 'stdio',
        name: 'memory',
        command: MEMORY,
        env: { MEMORY_FILE_PATH: join(dir, 'memory.jsonl') },
      },
      never,
    );
    const id = serverId(h.servers, 'memory');
    const view = h.servers.snapshot().servers[0];
    expect(view?.envNames).toEqual(['MEMORY_FILE_PATH']);
    expect(JSON.stringify(view)).not.toContain(dir);
    await h.servers.setTool(id, { name: 'create_entities', enabled: true }, never);
    await h.servers.setTool(id, { name: 'search_nodes', enabled: true }, never);
    const create = await toolNamed(h, 'memory_create_entities');
    const search = await toolNamed(h, 'memory_search_nodes');
    expect(create.readOnly).toBe(false);
    expect(search.readOnly).toBe(true);
    await create.run(
      { entities: [{ name: 'Anna', entityType: 'person', observations: ['is my sister'] }] },
      toolContext(),
    );
    const found = await search.run({ query: 'Anna' }, toolContext());
    expect(found.content).toContain('is my sister');
  });
});

describe('stopping the relay’s MCP servers', () => {
  /** This process's children that are server-everything (procps `ps`). */
  const everythings = () =>
    // `ps` itself is one of them: it lists something, and answers 0.
    spawnSync('ps', ['-o', 'args=', '--ppid', String(process.pid)], { encoding: 'utf8' })
      .stdout.split('\n')
      .filter((line) => line.includes('server-everything'));

  it('ends the processes of its stdio servers', async () => {
    const h = await startMcp();
    await h.servers.add({ transport: 'stdio', name: 'everything', command: EVERYTHING }, never);
    expect(everythings()).toHaveLength(1);
    await h.close();
    await expect.poll(everythings).toEqual([]);
  });
});
