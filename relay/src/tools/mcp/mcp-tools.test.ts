import { describe, expect, it } from 'vitest';
import type { ToolContext, ToolSource } from '../tool.ts';
import type { ReviewedTool } from './stored-server.ts';
import { McpTools, type ToolServer } from './mcp-tools.ts';

const reviewed = (
  annotations: ReviewedTool['annotations'],
  description = 'Does it',
): ReviewedTool => ({
  fingerprint: 'f',
  description,
  inputSchema: { type: 'object' },
  annotations,
});

/** A server offering `tools` (name → as reviewed); its calls answer which tool ran. */
function server(id: string, name: string, tools: Record<string, ReviewedTool>): ToolServer {
  return {
    record: {
      id,
      name,
      createdAt: 0,
      updatedAt: 0,
      config: { v: 1, endpoint: { transport: 'http', url: 'https://x/mcp' }, enabled: tools },
      endpoint: { transport: 'http', url: 'https://x/mcp' },
    },
    enabledTools: () => Object.entries(tools).map(([n, r]) => ({ name: n, reviewed: r })),
    call: (tool: string) => Promise.resolve({ content: `${name}/${tool}`, summary: tool }),
  };
}

const never = new AbortController().signal;
/** What a turn is offered of `servers`, asked as a turn asks (a ToolSource). */
const offered = (servers: ToolServer[]) => {
  const source: ToolSource = new McpTools(() => servers);
  return source.toolsFor('u', never);
};
const context: ToolContext = { userId: 'u', sessionId: 's', signal: never, now: Date.now };

describe('the MCP tools a turn is offered', () => {
  it('are read-only only where the server says so (no annotation: not read-only)', async () => {
    const tools = await offered([
      server('a', 'notes', {
        search: reviewed({ readOnlyHint: true }),
        add: reviewed({ readOnlyHint: false }),
        tidy: reviewed({}),
      }),
    ]);
    expect(tools.map((t) => [t.name, t.readOnly])).toEqual([
      ['notes_search', true],
      ['notes_add', false],
      ['notes_tidy', false],
    ]);
    expect(tools[0]?.origin).toEqual({ kind: 'mcp', serverId: 'a', serverName: 'notes' });
  });

  it('run on their own server, under the server’s name for them', async () => {
    const [tool] = await offered([
      server('a', 'My Files', { 'fs.read': reviewed({ readOnlyHint: true }) }),
    ]);
    expect(tool?.name).toMatch(/^my_files_fs_read_[0-9a-f]{8}$/);
    expect(await tool?.run({}, context)).toEqual({
      content: 'My Files/fs.read',
      summary: 'fs.read',
    });
  });

  it('keep one tool per name: the first server keeps it', async () => {
    const tools = await offered([
      server('a', 'notes', { search: reviewed({}, 'first') }),
      server('b', 'Notes!', { search: reviewed({}, 'second') }),
    ]);
    expect(tools.map((t) => [t.name, t.description])).toEqual([['notes_search', 'first']]);
  });
});
