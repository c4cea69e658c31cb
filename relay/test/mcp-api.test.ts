import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mcpServersResponse, type McpServersResponse } from '@parley/shared';
import { startTestRelay, type TestRelay } from './harness.ts';
import {
  EVERYTHING,
  startEverythingHttp,
  startMcpProxy,
  type EverythingHttp,
  type McpProxy,
} from './mcp-kit.ts';
import { answered, call } from './provider-settings-kit.ts';

// Issue 48, part 3: the operator's MCP servers, through the relay's admin API.

const TOKEN = 'mcp-bearer-0123456789-SECRET';
const never = new AbortController().signal;

const servers = async (relay: TestRelay, path = '/api/admin/mcp', init = {}) => {
  const r = await call(relay, path, init);
  expect(r.status, JSON.stringify(r.json)).toBe(200);
  return mcpServersResponse.parse(r.json);
};
const only = (v: McpServersResponse) => {
  const [server] = v.servers;
  if (!server || v.servers.length !== 1) throw new Error('not one server');
  return server;
};

describe('the MCP servers admin API', () => {
  let relay: TestRelay;
  let everything: EverythingHttp;
  let proxy: McpProxy;
  beforeAll(async () => {
    everything = await startEverythingHttp();
    proxy = await startMcpProxy(everything.url, { token: TOKEN });
    relay = await startTestRelay({ MCP_STDIO_COMMANDS: EVERYTHING });
  });
  afterAll(async () => {
    await relay.close();
    await proxy.close();
    await everything.close();
  });

  it('answers no server at first, and the stdio commands allowed', async () => {
    expect(await servers(relay)).toEqual({
      servers: [],
      stdioCommands: [{ command: EVERYTHING, envNames: [] }],
    });
  });

  it('sends the bearer token to the HTTP server, and never answers or stores it', async () => {
    const added = only(
      await servers(relay, '/api/admin/mcp/servers', {
        body: { transport: 'http', name: 'Remote tools', url: proxy.url, token: TOKEN },
      }),
    );
    expect(added).toMatchObject({
      name: 'Remote tools',
      transport: 'http',
      url: proxy.url,
      tokenSet: true,
      connection: { state: 'connected', message: null },
      breaker: { state: 'closed', consecutiveFailures: 0 },
    });
    expect(added.tools?.find((t) => t.name === 'echo')?.modelName).toBe('remote_tools_echo');
    // Every request the server got carried it (initialize, tools/list…).
    expect(proxy.authorizations.length).toBeGreaterThan(1);
    expect(new Set(proxy.authorizations)).toEqual(new Set([`Bearer ${TOKEN}`]));
    // Stored sealed.
    const [row] = await relay.storage.mcpServers.list();
    expect(row?.config).not.toContain(TOKEN);
    expect(row?.config).not.toContain(TOKEN.slice(-8));

    await servers(relay, `/api/admin/mcp/servers/${added.id}`, { method: 'DELETE' });
  });

  it('shows a server that refuses it (no token) as failed, in words an operator reads', async () => {
    const added = only(
      await servers(relay, '/api/admin/mcp/servers', {
        body: { transport: 'http', name: 'no token', url: proxy.url },
      }),
    );
    expect(added.tokenSet).toBe(false);
    expect(added.tools).toBeNull();
    expect(added.connection.state).toBe('failed');
    expect(added.connection.message).toBe(
      '“no token” could not be reached. HTTP 401: the server refused the credentials it was sent (its token): add it again with the right one.',
    );
    await servers(relay, `/api/admin/mcp/servers/${added.id}`, { method: 'DELETE' });
  });

  it('enables a tool for turns, and disables it', async () => {
    const added = only(
      await servers(relay, '/api/admin/mcp/servers', {
        body: { transport: 'stdio', name: 'everything', command: EVERYTHING },
      }),
    );
    expect(added).toMatchObject({ command: EVERYTHING, args: [], envNames: [], tokenSet: false });
    const path = `/api/admin/mcp/servers/${added.id}/tools`;
    const on = only(
      await servers(relay, path, { method: 'PUT', body: { name: 'echo', enabled: true } }),
    );
    expect(on.tools?.filter((t) => t.enabled).map((t) => t.name)).toEqual(['echo']);
    const offered = await relay.mcpServers.tools.toolsFor('dev:local', never);
    expect(offered.map((t) => t.name)).toEqual(['everything_echo']);

    const off = only(
      await servers(relay, path, { method: 'PUT', body: { name: 'echo', enabled: false } }),
    );
    expect(off.tools?.some((t) => t.enabled)).toBe(false);
    expect(await relay.mcpServers.tools.toolsFor('dev:local', never)).toEqual([]);

    const missing = await call(relay, path, {
      method: 'PUT',
      body: { name: 'nope', enabled: true },
    });
    expect(missing.status).toBe(404);
    await servers(relay, `/api/admin/mcp/servers/${added.id}`, { method: 'DELETE' });
  });

  it('refuses a stdio command not in MCP_STDIO_COMMANDS (403), and a bad body (400)', async () => {
    const refused = await call(relay, '/api/admin/mcp/servers', {
      body: { transport: 'stdio', name: 'shell', command: '/bin/sh', args: ['-c', 'id'] },
    });
    expect(refused.status).toBe(403);
    expect(refused.json).toMatchObject({
      error: 'forbidden',
      message: expect.stringContaining('MCP_STDIO_COMMANDS') as unknown,
    });
    const bad = await call(relay, '/api/admin/mcp/servers', {
      body: { transport: 'http', name: 'x', url: 'https://user:pw@example.com/mcp' },
    });
    expect(bad.status).toBe(400);
    expect((await servers(relay)).servers).toEqual([]);
  });

  it('answers 404 for a server that is not there', async () => {
    for (const [method, suffix] of [
      ['DELETE', ''],
      ['POST', '/reconnect'],
    ] as const) {
      const r = await call(relay, `/api/admin/mcp/servers/mcp-000000000000${suffix}`, { method });
      expect(r.status).toBe(404);
    }
  });

  it('never answered a token', () => {
    expect(answered.length).toBeGreaterThan(5);
    for (const body of answered) expect(body).not.toContain(TOKEN);
  });
});

describe('MCP servers in jwt mode', () => {
  it('are the admin token’s to change: 401 without it', async () => {
    const admin = 'mcp-admin-token-0123456789abcdef';
    const relay = await startTestRelay({
      AUTH_MODE: 'jwt',
      JWT_SECRET: 'a-test-secret-that-is-long-enough-0123456789',
      ALLOWED_ORIGINS: 'http://127.0.0.1',
      ADMIN_TOKEN: admin,
    });
    try {
      expect((await call(relay, '/api/admin/mcp')).status).toBe(401);
      expect((await call(relay, '/api/admin/mcp', { token: admin })).status).toBe(200);
    } finally {
      await relay.close();
    }
  });
});

describe('MCP servers across relays', () => {
  it('reach another relay on the same database without a restart', async () => {
    const a = await startTestRelay({ MCP_STDIO_COMMANDS: EVERYTHING });
    const b = await startTestRelay({
      DATA_DIR: a.dataDir,
      MCP_STDIO_COMMANDS: EVERYTHING,
      SETTINGS_POLL_S: '0.2',
    });
    try {
      const added = only(
        await servers(a, '/api/admin/mcp/servers', {
          body: { transport: 'stdio', name: 'everything', command: EVERYTHING },
        }),
      );
      await servers(a, `/api/admin/mcp/servers/${added.id}/tools`, {
        method: 'PUT',
        body: { name: 'get-sum', enabled: true },
      });
      await expect
        .poll(async () =>
          (await b.mcpServers.tools.toolsFor('dev:local', never)).map((t) => t.name),
        )
        .toEqual(['everything_get-sum']);
    } finally {
      await b.close();
      await a.close();
    }
  });
});
