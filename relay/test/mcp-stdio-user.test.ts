import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadMcpConfig } from '../src/tools/mcp/mcp-config.ts';
import type { Tool } from '../src/tools/tool.ts';
import { serverId, startMcp, toolContext, type McpHarness } from './mcp-kit.ts';

// Issue 60, item 4: a stdio MCP server runs as MCP_STDIO_USER, not as the relay: a real child
// (a server that tries to read what it should not) cannot read the relay's environment nor
// its database. Starting a program as another user takes root, as the relay runs here.

const READER = fileURLToPath(new URL('./fixtures/mcp-file-reader.mjs', import.meta.url));
const never = new AbortController().signal;

async function readerTools(h: McpHarness): Promise<Record<string, Tool>> {
  await h.servers.add({ transport: 'stdio', name: 'reader', command: READER }, never);
  const id = serverId(h.servers, 'reader');
  for (const name of ['read_file', 'who', 'long_line'])
    await h.servers.setTool(id, { name, enabled: true }, never);
  const tools = await h.servers.tools.toolsFor('dev:local', never);
  return Object.fromEntries(tools.map((t) => [t.name, t]));
}

const said = async (tool: Tool | undefined, args: Record<string, unknown> = {}) =>
  (await tool?.run(args, toolContext()))?.content ?? '';

describe.runIf(process.getuid?.() === 0)('a stdio MCP server run as MCP_STDIO_USER', () => {
  let h: McpHarness;
  let tools: Record<string, Tool>;
  beforeAll(async () => {
    h = await startMcp(loadMcpConfig({ MCP_STDIO_COMMANDS: READER, MCP_STDIO_USER: 'nobody' }));
    tools = await readerTools(h);
  });
  afterAll(() => h.close());

  it('cannot read the relay’s environment nor its database', async () => {
    const who = JSON.parse(await said(tools.reader_who)) as { uid: number; ppid: number };
    // Its parent is the relay (this process): started directly, no shell between.
    expect(who.ppid).toBe(process.pid);
    expect(await said(tools.reader_read_file, { path: `/proc/${who.ppid}/environ` })).toBe(
      'error: EACCES',
    );
    expect(await said(tools.reader_read_file, { path: join(h.dir, 'parley.db') })).toBe(
      'error: EACCES',
    );
    expect(who.uid).toBe(65534);
  });

  it('runs in its user’s home, or /, with its user’s HOME', async () => {
    const who = JSON.parse(await said(tools.reader_who)) as { cwd: string; home: string | null };
    // nobody's home (/nonexistent) does not exist.
    expect(who).toMatchObject({ cwd: '/', home: null });
  });
});

describe('a stdio MCP server run as the relay’s user (MCP_STDIO_USER unset)', () => {
  let h: McpHarness;
  let tools: Record<string, Tool>;
  beforeAll(async () => {
    h = await startMcp({
      ...loadMcpConfig({ MCP_STDIO_COMMANDS: READER }),
      maxResponseBytes: 64 * 1024,
    });
    tools = await readerTools(h);
  });
  afterAll(() => h.close());

  it('reads what its user may: what MCP_STDIO_USER is for', async () => {
    expect(await said(tools.reader_read_file, { path: join(h.dir, 'parley.db') })).toMatch(
      /^read: SQLite format 3/,
    );
  });

  it('is stopped at a message past MCP_MAX_RESPONSE_KB: a typed failure', async () => {
    const r = await tools.reader_long_line?.run({ bytes: 1024 * 1024 }, toolContext());
    expect(r).toMatchObject({
      isError: true,
      summary: '“reader” sent an answer too large to read (over 64 KB).',
    });
  });
});
