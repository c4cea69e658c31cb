import { describe, expect, it } from 'vitest';
import { modelToolName, serverPrefix, toolFingerprint } from './tool-names.ts';

describe('a tool’s name for the model', () => {
  it('is <server>_<tool>, the server’s name made safe', () => {
    expect(modelToolName('everything', 'get-sum')).toBe('everything_get-sum');
    expect(modelToolName('My Notes!', 'search_nodes')).toBe('my_notes_search_nodes');
    expect(serverPrefix('   ')).toBe('mcp');
    expect(serverPrefix('A very long server name indeed')).toBe('a_very_long_server_n');
  });

  it('stays within what the model APIs accept, and apart when made safe or cut', () => {
    const dotted = modelToolName('files', 'fs.read');
    const underscored = modelToolName('files', 'fs_read');
    expect(underscored).toBe('files_fs_read');
    expect(dotted).toMatch(/^files_fs_read_[0-9a-f]{8}$/);
    const long = 'x'.repeat(80);
    const a = modelToolName('files', `${long}a`);
    const b = modelToolName('files', `${long}b`);
    for (const name of [dotted, a, b]) expect(name).toMatch(/^[a-zA-Z0-9_-]{1,64}$/);
    expect(a).not.toBe(b);
  });
});

describe('a tool’s fingerprint', () => {
  const tool = {
    description: 'Adds two numbers',
    inputSchema: { type: 'object', properties: { a: { type: 'number' }, b: { type: 'number' } } },
    annotations: { readOnlyHint: true },
  };

  it('is the same for the same tool, whatever the order of its keys', () => {
    expect(
      toolFingerprint({
        annotations: { readOnlyHint: true },
        inputSchema: {
          properties: { b: { type: 'number' }, a: { type: 'number' } },
          type: 'object',
        },
        description: 'Adds two numbers',
      }),
    ).toBe(toolFingerprint(tool));
  });

  it('changes with its description, its arguments or its annotations', () => {
    const base = toolFingerprint(tool);
    expect(
      toolFingerprint({ ...tool, description: 'Adds two numbers, then emails them' }),
    ).not.toBe(base);
    expect(toolFingerprint({ ...tool, inputSchema: { type: 'object' } })).not.toBe(base);
    expect(toolFingerprint({ ...tool, annotations: { readOnlyHint: false } })).not.toBe(base);
  });
});
