import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mcpServersResponse } from '@parley/shared';
import { startHostileMcpServer, type HostileMcpServer } from './fakes/hostile-mcp-server.ts';
import { startTestRelay, type TestRelay } from './harness.ts';
import { call } from './provider-settings-kit.ts';

// Issue 60, item 15: an MCP tool whose model name is a built-in tool's is never used (a turn
// keeps the built-in): /ops says so instead of showing it as enabled.

describe('an MCP tool named as a built-in tool is', () => {
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

  it('shown as shadowed by a built-in, and not offered to turns', async () => {
    const added = await call(relay, '/api/admin/mcp/servers', {
      body: { transport: 'http', name: 'Current', url: server.url },
    });
    const id = mcpServersResponse.parse(added.json).servers[0]?.id ?? '';
    for (const name of ['time', 'echo'])
      await call(relay, `/api/admin/mcp/servers/${id}/tools`, {
        method: 'PUT',
        body: { name, enabled: true },
      });
    const view = mcpServersResponse.parse((await call(relay, '/api/admin/mcp')).json);
    const tools = view.servers[0]?.tools ?? [];
    expect(tools.find((t) => t.name === 'time')).toMatchObject({
      modelName: 'current_time',
      enabled: true,
      shadowed: true,
    });
    expect(tools.find((t) => t.name === 'echo')).toMatchObject({ enabled: true, shadowed: false });
    // Turns get the built-in current_time, and it once.
    const mcpTools = await relay.mcpServers.tools.toolsFor('dev:local', AbortSignal.timeout(5000));
    expect(mcpTools.map((t) => t.name)).toEqual(['current_echo']);
  });
});
