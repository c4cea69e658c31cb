import { describe, expect, it } from 'vitest';
import { loadMcpConfig } from './mcp-config.ts';
import { canSwitchUsers, resolveStdioUser, type Lookup } from './stdio-user.ts';

const users: Record<string, string> = {
  'passwd:parley-mcp': 'parley-mcp:x:998:997::/var/lib/parley-mcp:/usr/sbin/nologin',
  'passwd:root': 'root:x:0:0:root:/root:/bin/bash',
  'group:mcp': 'mcp:x:990:',
};
const lookup: Lookup = (db, key) => users[`${db}:${key}`]?.split(':') ?? null;

describe('MCP_STDIO_USER', () => {
  it('is a user (its own group and home), a user and group, or uid:gid', () => {
    expect(resolveStdioUser('parley-mcp', lookup).user).toEqual({
      uid: 998,
      gid: 997,
      name: 'parley-mcp',
      home: '/var/lib/parley-mcp',
    });
    expect(resolveStdioUser('parley-mcp:mcp', lookup).user?.gid).toBe(990);
    expect(resolveStdioUser('1234:1234', lookup).user).toEqual({
      uid: 1234,
      gid: 1234,
      name: '1234',
      home: null,
    });
  });

  it('refuses root, an unknown user or group, and a uid without its group', () => {
    expect(resolveStdioUser('root', lookup).problem).toMatch(/root can read every file/);
    expect(resolveStdioUser('0:5', lookup).problem).toMatch(/root/);
    expect(resolveStdioUser('ghost', lookup).problem).toMatch(/no user "ghost".*useradd/);
    expect(resolveStdioUser('parley-mcp:ghosts', lookup).problem).toMatch(/no group "ghosts"/);
    expect(resolveStdioUser('1234', lookup).problem).toMatch(/1234:<gid>/);
  });

  it('refuses to start a relay that may not switch users, naming what it needs', () => {
    expect(() => loadMcpConfig({ MCP_STDIO_USER: 'parley-mcp' }, lookup, () => false)).toThrow(
      /MCP_STDIO_USER: the relay \(uid \d+\) may not start a program as another user.*CAP_SETUID/,
    );
    expect(loadMcpConfig({ MCP_STDIO_USER: 'parley-mcp' }, lookup, () => true).stdioUser?.uid).toBe(
      998,
    );
  });
});

describe('whether the relay may start programs as another user', () => {
  it('reads CAP_SETUID and CAP_SETGID from its effective capabilities', () => {
    expect(canSwitchUsers(() => 'Name:\tnode\nCapEff:\t000001ffffffffff\n')).toBe(true);
    expect(canSwitchUsers(() => 'CapEff:\t00000000000000c0\n')).toBe(true);
    expect(canSwitchUsers(() => 'CapEff:\t0000000000000080\n')).toBe(false);
    expect(canSwitchUsers(() => 'CapEff:\t0000000000000000\n')).toBe(false);
    expect(
      canSwitchUsers(() => {
        throw new Error('no /proc');
      }),
    ).toBe(false);
  });
});
