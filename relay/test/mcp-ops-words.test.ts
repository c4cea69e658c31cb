import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHostileMcpServer, type HostileMcpServer } from './fakes/hostile-mcp-server.ts';
import { captureLog } from './log-capture.ts';
import { serverId, startMcp, toolContext, type McpHarness } from './mcp-kit.ts';

// Issue 60, item 13: /ops says why an HTTP MCP server fails in the relay's words; what the
// server answered (an internal error page) goes to the log only, scrubbed.

const never = new AbortController().signal;
const ERROR_PAGE =
  'Internal error: connect postgres://parley:hunter2-db-pass@10.0.0.3:5432/app failed at /srv/mcp/app.js:12 (sent Authorization: Bearer sk-live-0123456789abcdef)';

describe('an HTTP MCP server that answers an error page', () => {
  let hostile: HostileMcpServer;
  let h: McpHarness;
  const captured = captureLog();
  beforeAll(async () => {
    hostile = await startHostileMcpServer(0);
    h = await startMcp({}, { log: captured.log });
    await h.servers.add({ transport: 'http', name: 'internal', url: hostile.url }, never);
    await h.servers.setTool(
      serverId(h.servers, 'internal'),
      { name: 'echo', enabled: true },
      never,
    );
  });
  afterAll(async () => {
    await h.close();
    await hostile.close();
  });

  it('is shown on /ops in the relay’s words, its body in the log only, scrubbed', async () => {
    hostile.failWith(500, ERROR_PAGE);
    const [echo] = await h.servers.tools.toolsFor('dev:local', never);
    const r = await echo?.run({ message: 'hi' }, toolContext());
    expect(r?.isError).toBe(true);
    const view = h.servers.snapshot().servers[0];
    expect(view?.connection).toMatchObject({ state: 'failed' });
    expect(view?.connection.message).toBe(
      '“internal” could not be reached. HTTP 500: the server failed: its log, and the relay’s, say more.',
    );
    for (const leak of ['hunter2', '10.0.0.3', '/srv/mcp', 'sk-live', 'Internal error'])
      expect(JSON.stringify(h.servers.snapshot())).not.toContain(leak);
    // The operator finds it in the log, without the credentials it quoted.
    const logged = captured.text();
    expect(logged).toContain('/srv/mcp/app.js:12');
    expect(logged).not.toContain('hunter2-db-pass');
    expect(logged).not.toContain('sk-live-0123456789abcdef');
  });
});
