import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mcpServersResponse } from '@parley/shared';
import { loadMcpConfig } from '../src/tools/mcp/mcp-config.ts';
import { sealInput, serializeStored } from '../src/tools/mcp/stored-server.ts';
import { startTestRelay, type TestRelay } from './harness.ts';
import { EVERYTHING, startMcp, type McpHarness } from './mcp-kit.ts';
import { call } from './provider-settings-kit.ts';

// Issue 60, item 1: the holder of the admin token gets no code run as the relay through the
// environment a stdio server is given. Each attack is tried on a real child: the injected code
// would leave a file behind; none is left.

const never = new AbortController().signal;

/** A folder for the files the injected code would write. */
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'parley-mcp-env-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** `NODE_OPTIONS` that makes Node run code of the attacker's before the server: it writes `file`. */
const nodeOptionsWriting = (file: string) =>
  `--import=data:text/javascript,${encodeURIComponent(
    `import{writeFileSync}from"node:fs";writeFileSync(${JSON.stringify(file)},"ran")`,
  )}`;

describe('a stdio server’s environment, when it is added', () => {
  let relay: TestRelay;
  let launcher: string;
  beforeAll(async () => {
    // A bash launcher an operator might list: bash reads BASH_ENV before it runs anything.
    launcher = join(dir, 'everything-launcher');
    writeFileSync(launcher, `#!/bin/bash\nexec ${EVERYTHING} "$@"\n`);
    chmodSync(launcher, 0o755);
    relay = await startTestRelay({ MCP_STDIO_COMMANDS: `${EVERYTHING},${launcher}` });
  });
  afterAll(() => relay.close());

  const add = (command: string, env: Record<string, string>) =>
    call(relay, '/api/admin/mcp/servers', {
      body: { transport: 'stdio', name: `s${String(Math.random()).slice(2, 8)}`, command, env },
    });

  it('refuses NODE_OPTIONS on a listed Node server (403): the injected code never runs', async () => {
    const file = join(dir, 'node-options-ran');
    const r = await add(EVERYTHING, { NODE_OPTIONS: nodeOptionsWriting(file) });
    // Had it been started, adding it (which lists its tools) would have run the code by now.
    await call(relay, '/api/admin/mcp');
    expect(existsSync(file)).toBe(false);
    expect(r.status).toBe(403);
    expect(JSON.stringify(r.json)).toContain('NODE_OPTIONS');
    expect(await relay.storage.mcpServers.list()).toEqual([]);
  });

  it('refuses BASH_ENV on a listed bash launcher (403): the injected command never runs', async () => {
    const file = join(dir, 'bash-env-ran');
    const r = await add(launcher, { BASH_ENV: `$(touch ${file})` });
    await call(relay, '/api/admin/mcp');
    expect(existsSync(file)).toBe(false);
    expect(r.status).toBe(403);
    expect(JSON.stringify(r.json)).toContain('BASH_ENV');
  });

  it('refuses PATH, LD_PRELOAD and any variable not listed beside the program', async () => {
    for (const env of [
      { PATH: dir },
      { LD_PRELOAD: join(dir, 'evil.so') },
      { PYTHONSTARTUP: join(dir, 'evil.py') },
      { npm_config_script_shell: join(dir, 'evil') },
      { GREETING: 'hello' },
    ]) {
      const r = await add(EVERYTHING, env);
      expect(r.status, JSON.stringify(env)).toBe(403);
      expect(JSON.stringify(r.json)).toContain(Object.keys(env)[0] ?? '');
    }
    expect(await relay.storage.mcpServers.list()).toEqual([]);
  });
});

describe('a stdio server saved with a variable that changes how it starts', () => {
  let h: McpHarness;
  afterEach(() => h.close());

  it('is refused when it would start: the injected code never runs, /ops says why', async () => {
    h = await startMcp(loadMcpConfig({ MCP_STDIO_COMMANDS: EVERYTHING }));
    const file = join(dir, 'stored-node-options-ran');
    // As a relay before this check stored it (or one whose list named the variable then).
    const id = 'mcp-saved-before';
    const input = {
      transport: 'stdio' as const,
      name: 'saved',
      command: EVERYTHING,
      env: { NODE_OPTIONS: nodeOptionsWriting(file) },
    };
    await h.storage.mcpServers.add({
      id,
      name: 'saved',
      config: serializeStored(sealInput(id, input, h.deps.box)),
    });
    await h.servers.refresh();
    const [server] = mcpServersResponse.parse(await h.servers.view(never)).servers;
    expect(existsSync(file)).toBe(false);
    expect(server?.connection.state).toBe('refused');
    expect(server?.connection.message).toContain('NODE_OPTIONS');
  });
});

describe('MCP_STDIO_COMMANDS', () => {
  it('refuses a bare name, naming the fix (PATH would choose the program)', async () => {
    await expect(startTestRelay({ MCP_STDIO_COMMANDS: 'mcp-server-everything' })).rejects.toThrow(
      /"mcp-server-everything" is not an absolute path.*command -v mcp-server-everything/,
    );
  });

  it('refuses a program that runs whatever its arguments name', async () => {
    await expect(startTestRelay({ MCP_STDIO_COMMANDS: '/usr/bin/node' })).rejects.toThrow(
      /"\/usr\/bin\/node" runs whatever its arguments name/,
    );
  });

  it('refuses a variable that changes how a program starts, even listed', async () => {
    await expect(
      startTestRelay({ MCP_STDIO_COMMANDS: `${EVERYTHING}[GREETING NODE_OPTIONS]` }),
    ).rejects.toThrow(/NODE_OPTIONS changes how a program starts/);
  });
});
