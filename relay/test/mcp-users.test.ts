import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mcpServersResponse } from '@parley/shared';
import type { Tool } from '../src/tools/tool.ts';
import { startHostileMcpServer, type HostileMcpServer } from './fakes/hostile-mcp-server.ts';
import { startTestRelay, type TestRelay } from './harness.ts';
import { MEMORY, serverId, startMcp, toolContext, type McpHarness } from './mcp-kit.ts';
import { call } from './provider-settings-kit.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Issue 60, item 6: MCP servers are the operator's, shared by every user. Each call tells the
// server who it is for (a pseudonym of its own, in `_meta` and, over HTTP, a header), and the
// operator may let users call only a server's read-only tools.

const never = new AbortController().signal;
const as = (userId: string) => ({ ...toolContext(), userId });
const echoOf = async (h: McpHarness, name: string): Promise<Tool> => {
  const found = (await h.servers.tools.toolsFor('any', never)).find((t) => t.name === name);
  if (!found) throw new Error(`no tool ${name}`);
  return found;
};

describe('a call to an HTTP MCP server', () => {
  let first: HostileMcpServer;
  let second: HostileMcpServer;
  let h: McpHarness;
  beforeAll(async () => {
    [first, second] = await Promise.all([startHostileMcpServer(0), startHostileMcpServer(0)]);
    h = await startMcp();
    for (const [name, server] of [
      ['one', first],
      ['two', second],
    ] as const) {
      await h.servers.add({ transport: 'http', name, url: server.url }, never);
      await h.servers.setTool(serverId(h.servers, name), { name: 'echo', enabled: true }, never);
    }
  });
  afterAll(async () => {
    await h.close();
    await Promise.all([first.close(), second.close()]);
  });

  it('tells the server who it is for: a pseudonym per server, in _meta and a header, never the id', async () => {
    const users = ['jwt:alice@example.com', 'jwt:bob@example.com', 'jwt:alice@example.com'];
    for (const user of users) {
      await (await echoOf(h, 'one_echo')).run({ message: 'hi' }, as(user));
      await (await echoOf(h, 'two_echo')).run({ message: 'hi' }, as(user));
    }
    const told = (server: HostileMcpServer) =>
      server.requests
        .filter((r) => r.method === 'tools/call')
        .map((r) => {
          const meta = (r.body as { params: { _meta?: Record<string, unknown> } }).params._meta;
          const said = meta?.['parley/user'];
          expect(r.headers['parley-user']).toBe(said);
          return said;
        });
    const [alice, bob, aliceAgain] = told(first);
    expect(alice).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(aliceAgain).toBe(alice);
    expect(bob).not.toBe(alice);
    // Another server cannot match its users up with this one's.
    const [aliceThere] = told(second);
    expect(aliceThere).not.toBe(alice);
    for (const server of [first, second])
      expect(JSON.stringify(server.requests)).not.toContain('example.com');
  });
});

describe('a server whose users may call only its read-only tools', () => {
  let h: McpHarness;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'parley-memory-'));
    h = await startMcp();
  });
  afterAll(async () => {
    await h.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('offers turns its read-only tools only, and refuses a call to another', async () => {
    const file = join(dir, 'memory.jsonl');
    await h.servers.add(
      { transport: 'stdio', name: 'memory', command: MEMORY, env: { MEMORY_FILE_PATH: file } },
      never,
    );
    const id = serverId(h.servers, 'memory');
    for (const name of ['create_entities', 'search_nodes'])
      await h.servers.setTool(id, { name, enabled: true }, never);
    // Planned by a turn before the operator changed it.
    const create = await echoOf(h, 'memory_create_entities');
    await h.servers.settings(id, { readOnlyForUsers: true });
    expect(h.servers.snapshot().servers[0]?.readOnlyForUsers).toBe(true);
    const tools = await h.servers.tools.toolsFor('any', never);
    expect(tools.map((t) => t.name)).toEqual(['memory_search_nodes']);
    const r = await create.run(
      { entities: [{ name: 'passport', entityType: 'document', observations: ['X1234567'] }] },
      as('jwt:alice'),
    );
    expect(r).toMatchObject({
      isError: true,
      summary: '“memory” lets users call only its read-only tools.',
    });
    const found = await tools[0]?.run({ query: 'passport' }, as('jwt:bob'));
    expect(found?.content).not.toContain('X1234567');
  });
});

describe('the MCP admin API', () => {
  let relay: TestRelay;
  let server: HostileMcpServer;
  beforeAll(async () => {
    server = await startHostileMcpServer(0);
    relay = await startTestRelay();
  });
  afterAll(async () => {
    await relay.close();
    await server.close();
  });

  it('stores a server’s read-only-for-users setting', async () => {
    const added = await call(relay, '/api/admin/mcp/servers', {
      body: { transport: 'http', name: 'shared', url: server.url },
    });
    const id = mcpServersResponse.parse(added.json).servers[0]?.id ?? '';
    const set = await call(relay, `/api/admin/mcp/servers/${id}/settings`, {
      method: 'PUT',
      body: { readOnlyForUsers: true },
    });
    expect(set.status).toBe(200);
    expect(mcpServersResponse.parse(set.json).servers[0]?.readOnlyForUsers).toBe(true);
    const [row] = await relay.storage.mcpServers.list();
    expect(JSON.parse(row?.config ?? '{}')).toMatchObject({ usersReadOnly: true });
  });
});
