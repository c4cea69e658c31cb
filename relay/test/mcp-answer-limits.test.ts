import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Tool } from '../src/tools/tool.ts';
import { startHostileMcpServer, type HostileMcpServer } from './fakes/hostile-mcp-server.ts';
import { serverId, startMcp, toolContext, type McpHarness } from './mcp-kit.ts';

// Issue 60, item 7: an HTTP MCP server's answer is read up to a limit, as a whole and per event
// of a stream. A hostile server on loopback sends 64 MB; what it managed to write is what the
// relay read (it writes only as fast as the relay reads), and that stays near the limit.

const never = new AbortController().signal;
const LIMIT = 256 * 1024;
const FLOOD = 64 * 1024 * 1024;
/** What the sockets between the two may hold beyond what the relay read. */
const SOCKET_BUFFERS = 16 * 1024 * 1024;

describe('an HTTP MCP server that answers too much', () => {
  let hostile: HostileMcpServer;
  let h: McpHarness;
  const tool = async (name: string): Promise<Tool> => {
    const found = (await h.servers.tools.toolsFor('dev:local', never)).find((t) => t.name === name);
    if (!found) throw new Error(`no tool ${name}`);
    return found;
  };
  beforeAll(async () => {
    hostile = await startHostileMcpServer(FLOOD);
    h = await startMcp({ maxResponseBytes: LIMIT });
    await h.servers.add({ transport: 'http', name: 'hostile', url: hostile.url }, never);
    const id = serverId(h.servers, 'hostile');
    for (const name of ['huge', 'endless_event', 'echo'])
      await h.servers.setTool(id, { name, enabled: true }, never);
  });
  afterAll(async () => {
    await h.close();
    await hostile.close();
  });

  it('stops reading a 64 MB answer at the limit: a typed failure, in plain words', async () => {
    const r = await (await tool('hostile_huge')).run({}, toolContext());
    await expect.poll(() => hostile.written.get('huge')).toBeDefined();
    expect(hostile.written.get('huge')).toBeLessThan(SOCKET_BUFFERS);
    expect(r).toMatchObject({
      isError: true,
      summary: '“hostile” sent an answer too large to read (over 256 KB).',
    });
    expect(r.content).toContain('Do not call it again.');
  });

  it('stops reading an event that never ends at the limit', async () => {
    const r = await (await tool('hostile_endless_event')).run({}, toolContext());
    await expect.poll(() => hostile.written.get('endless_event')).toBeDefined();
    expect(hostile.written.get('endless_event')).toBeLessThan(SOCKET_BUFFERS);
    expect(r).toMatchObject({
      isError: true,
      summary: '“hostile” sent an answer too large to read (over 256 KB).',
    });
  });

  it('counts each against the server, and answers the next call on a new connection', async () => {
    expect(h.servers.snapshot().servers[0]?.failures).toBe(2);
    const r = await (await tool('hostile_echo')).run({ message: 'still here' }, toolContext());
    expect(r.content).toBe('Echo: still here');
  });
});
