import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SecretBox } from '../../secrets/secret-box.ts';
import {
  openEndpoint,
  parseStored,
  reviewedOf,
  sealInput,
  serializeStored,
  withTool,
} from './stored-server.ts';

const box = new SecretBox(randomBytes(32));
const TOKEN = 'bearer-0123456789-SECRET';

describe('an MCP server as stored', () => {
  it('holds its token sealed, and opens it for the server it was given for only', () => {
    const stored = sealInput(
      'mcp-a',
      { transport: 'http', name: 'a', url: 'https://x/mcp', token: TOKEN },
      box,
    );
    const json = serializeStored(stored);
    expect(json).not.toContain(TOKEN);
    const parsed = parseStored(json);
    if (!parsed) throw new Error('not parsed');
    expect(openEndpoint('mcp-a', parsed, box)).toEqual({
      transport: 'http',
      url: 'https://x/mcp',
      token: TOKEN,
    });
    // Copied into another server's row, it does not open; nor with another key.
    expect(openEndpoint('mcp-b', parsed, box)).toBeNull();
    expect(openEndpoint('mcp-a', parsed, new SecretBox(randomBytes(32)))).toBeNull();
  });

  it('keeps a stdio server’s environment sealed, its names in the clear', () => {
    const stored = sealInput(
      'mcp-m',
      {
        transport: 'stdio',
        name: 'm',
        command: '/bin/mcp',
        env: { API_KEY: 'k-SECRET-1234', A: 'b' },
      },
      box,
    );
    expect(stored.endpoint).toMatchObject({ envNames: ['A', 'API_KEY'], args: [] });
    expect(serializeStored(stored)).not.toContain('k-SECRET-1234');
    expect(openEndpoint('mcp-m', stored, box)).toEqual({
      transport: 'stdio',
      command: '/bin/mcp',
      args: [],
      env: { API_KEY: 'k-SECRET-1234', A: 'b' },
    });
  });

  it('refuses a secret without a key to seal it with, naming SETTINGS_KEY', () => {
    expect(() =>
      sealInput(
        'mcp-a',
        { transport: 'http', name: 'a', url: 'https://x/mcp', token: TOKEN },
        null,
      ),
    ).toThrow(/SETTINGS_KEY/);
    expect(
      sealInput('mcp-a', { transport: 'http', name: 'a', url: 'https://x/mcp' }, null).endpoint,
    ).toEqual({ transport: 'http', url: 'https://x/mcp' });
  });

  it('enables and disables a tool as reviewed', () => {
    const stored = sealInput('mcp-a', { transport: 'http', name: 'a', url: 'https://x/mcp' }, null);
    const tool = {
      name: 'echo',
      fingerprint: 'f1',
      description: 'Echoes',
      inputSchema: { type: 'object' as const },
      annotations: { readOnlyHint: true },
    };
    const on = withTool(stored, 'echo', reviewedOf(tool));
    expect(on.enabled).toEqual({
      echo: {
        fingerprint: 'f1',
        description: 'Echoes',
        inputSchema: { type: 'object' },
        annotations: { readOnlyHint: true },
      },
    });
    expect(parseStored(serializeStored(on))).toEqual(on);
    expect(withTool(on, 'echo', null).enabled).toEqual({});
    expect(parseStored('{"v":2}')).toBeNull();
    expect(parseStored('not json')).toBeNull();
  });
});
