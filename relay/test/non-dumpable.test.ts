import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { freePort, RelayProcess, TEST_RELAY_ENV } from './relay-process.ts';

// Issue 60, item 4: the relay makes itself non-dumpable, so a process of its own user (a stdio
// MCP server started without MCP_STDIO_USER) cannot read its environment. Two real processes of
// one user (nobody): one calls makeNonDumpable (or not), the other reads its /proc/<pid>/environ.

const MODULE = fileURLToPath(new URL('../src/secrets/non-dumpable.ts', import.meta.url));
const NOBODY = { uid: 65534, gid: 65534 };

/** What a process of the same user reads of the environ of one that did, or did not, call it. */
async function sameUserReads(call: boolean): Promise<{ done: boolean; status: number | null }> {
  const script = `import { makeNonDumpable } from ${JSON.stringify(MODULE)};
    const r = ${call ? 'await makeNonDumpable()' : '{ done: false }'};
    process.stdout.write(JSON.stringify(r) + '\\n');
    setInterval(() => {}, 1000);`;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    ...NOBODY,
    // Where tsx resolves from (readable by anyone).
    cwd: fileURLToPath(new URL('..', import.meta.url)),
    env: { PATH: process.env.PATH ?? '', SECRET_OF_THE_RELAY: 'sk-in-its-environment' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const line = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (c: Buffer) => {
        out += c.toString();
        if (out.includes('\n')) resolve(out.trim());
      });
      child.once('exit', (code) => reject(new Error(`exited ${String(code)}`)));
      // A Node that user may not run (EACCES) fails here, not after the test's timeout.
      child.once('error', reject);
    });
    const { done } = JSON.parse(line) as { done: boolean };
    const read = spawnSync('cat', [`/proc/${String(child.pid)}/environ`], {
      ...NOBODY,
      encoding: 'utf8',
    });
    if (read.status === 0) expect(read.stdout).toContain('sk-in-its-environment');
    return { done, status: read.status };
  } finally {
    child.kill('SIGKILL');
  }
}

describe.runIf(process.getuid?.() === 0)('a process made non-dumpable', () => {
  it('keeps its environment from another process of its own user', async () => {
    expect(await sameUserReads(true)).toEqual({ done: true, status: 1 });
  });

  it('(which reads it when it was not made so)', async () => {
    expect(await sameUserReads(false)).toEqual({ done: false, status: 0 });
  });
});

describe.runIf(process.getuid?.() === 0)('the relay', () => {
  it('runs non-dumpable: another process of its own user cannot read its environment', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'parley-nondumpable-'));
    chownSync(dataDir, NOBODY.uid, NOBODY.gid);
    // The test run's build of the relay is made for root only (a temporary folder): nobody
    // must read it to run it.
    const dist = process.env.PARLEY_TEST_RELAY_DIST;
    if (dist) chmodSync(dist, 0o755);
    const relay = new RelayProcess(
      await freePort(),
      { ...TEST_RELAY_ENV, DATA_DIR: dataDir, OPENAI_API_KEY: 'sk-the-relays-own-0123456789' },
      NOBODY,
    );
    try {
      await relay.start();
      const read = spawnSync('cat', [`/proc/${String(relay.pid)}/environ`], {
        ...NOBODY,
        encoding: 'utf8',
      });
      expect(read.stdout).not.toContain('sk-the-relays-own');
      expect(read.stderr).toContain('Permission denied');
    } finally {
      await relay.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
