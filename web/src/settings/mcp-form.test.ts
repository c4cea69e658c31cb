import { describe, expect, it } from 'vitest';
import type { McpServerView, McpToolView } from '@parley/shared';
import { ApiError } from '../net/api.ts';
import { intlFor } from '../i18n/intl.ts';
import {
  emptyMcpForm,
  endpointText as endpointIn,
  mcpErrorText as errorIn,
  mcpInputOf as inputIn,
  serverStateText as stateIn,
  toolNote as noteIn,
} from './mcp-form.ts';

const en = intlFor('en');
const endpointText = endpointIn.bind(null, en);
const mcpErrorText = errorIn.bind(null, en);
const mcpInputOf = inputIn.bind(null, en);
const serverStateText = stateIn.bind(null, en);
const toolNote = noteIn.bind(null, en);

describe('the add-a-server form', () => {
  it('makes an HTTP server, its token only when one is typed', () => {
    expect(
      mcpInputOf({ ...emptyMcpForm, name: ' notes ', url: ' https://x/mcp ', token: ' t ' }),
    ).toEqual({
      ok: true,
      input: { transport: 'http', name: 'notes', url: 'https://x/mcp', token: 't' },
    });
    expect(mcpInputOf({ ...emptyMcpForm, name: 'n', url: 'https://x/mcp' })).toEqual({
      ok: true,
      input: { transport: 'http', name: 'n', url: 'https://x/mcp' },
    });
  });

  it('makes a stdio server: an argument a line, NAME=value a line', () => {
    expect(
      mcpInputOf({
        ...emptyMcpForm,
        transport: 'stdio',
        name: 'memory',
        command: '/bin/mcp-server-memory',
        args: '--verbose\n\n  stdio ',
        env: 'MEMORY_FILE_PATH=/data/m.jsonl\nTOKEN=a=b',
      }),
    ).toEqual({
      ok: true,
      input: {
        transport: 'stdio',
        name: 'memory',
        command: '/bin/mcp-server-memory',
        args: ['--verbose', 'stdio'],
        env: { MEMORY_FILE_PATH: '/data/m.jsonl', TOKEN: 'a=b' },
      },
    });
  });

  it('says what to fix first', () => {
    expect(mcpInputOf(emptyMcpForm)).toEqual({ ok: false, error: 'Give the server a name.' });
    expect(mcpInputOf({ ...emptyMcpForm, name: 'n' })).toEqual({
      ok: false,
      error: 'Give the server’s address.',
    });
    expect(mcpInputOf({ ...emptyMcpForm, transport: 'stdio', name: 'n' })).toEqual({
      ok: false,
      error: 'Choose the command that starts it.',
    });
    expect(
      mcpInputOf({ ...emptyMcpForm, transport: 'stdio', name: 'n', command: 'c', env: 'oops' }),
    ).toEqual({ ok: false, error: '"oops" is not NAME=value.' });
  });
});

const server = (patch: Partial<McpServerView> = {}): McpServerView => ({
  id: 'mcp-1',
  name: 'memory',
  transport: 'stdio',
  command: '/bin/mcp',
  args: ['stdio'],
  readOnlyForUsers: false,
  envNames: ['API_KEY'],
  tokenSet: false,
  connection: { state: 'connected', message: null, atMs: 1 },
  breaker: { state: 'closed', consecutiveFailures: 0, retryAtMs: null },
  calls: 0,
  failures: 0,
  tools: [],
  createdAt: 1,
  ...patch,
});

describe('a server, in words', () => {
  it('says how it is reached, never a secret', () => {
    expect(endpointText(server())).toBe('/bin/mcp stdio · environment: API_KEY');
    expect(endpointText(server({ transport: 'http', url: 'https://x/mcp', tokenSet: true }))).toBe(
      'https://x/mcp · bearer token set',
    );
  });

  it('says where it stands, and until when its tools are skipped', () => {
    expect(serverStateText(server())).toBe('Connected.');
    expect(
      serverStateText(
        server({
          connection: { state: 'failed', message: '“memory” could not be reached.', atMs: 1 },
          breaker: { state: 'open', consecutiveFailures: 3, retryAtMs: 5000 },
        }),
        (t) => `t=${t}`,
      ),
    ).toBe(
      'Failing: “memory” could not be reached. Its tools are skipped until t=5000 (3 failures in a row).',
    );
  });

  it('says what a tool does, and when it waits for review', () => {
    const tool: McpToolView = {
      name: 'create_entities',
      modelName: 'memory_create_entities',
      description: 'Create entities',
      inputSchema: { type: 'object' },
      annotations: { readOnlyHint: false, destructiveHint: false },
      readOnly: false,
      enabled: true,
      changed: true,
      shadowed: false,
    };
    expect(toolNote(tool)).toBe(
      'changes things (the user confirms first) · changed since enabled: review and enable it again',
    );
    expect(toolNote({ ...tool, annotations: {}, changed: false })).toBe(
      'may change or delete things (the user confirms first)',
    );
    expect(toolNote({ ...tool, readOnly: true, changed: false })).toBe('read-only');
    expect(toolNote({ ...tool, changed: false }, true)).toBe(
      'not read-only: never offered, since users may call only this server’s read-only tools',
    );
    expect(toolNote({ ...tool, readOnly: true, changed: false }, true)).toBe('read-only');
    expect(toolNote({ ...tool, readOnly: true, changed: false, shadowed: true })).toBe(
      `read-only · shadowed by a built-in: the assistant’s own ${tool.modelName} is used, never this one (give the server another name)`,
    );
  });

  it('says why a request failed in the relay’s words', () => {
    expect(
      mcpErrorText(
        'The server was not added',
        new ApiError(403, 'forbidden', '"x" is not allowed'),
      ),
    ).toBe('The server was not added: "x" is not allowed');
    expect(mcpErrorText('The server was not added', new ApiError(401, 'unauthorized', ''))).toMatch(
      /only an admin/,
    );
  });
});
