import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const strength = fileURLToPath(new URL('secret-strength.ts', import.meta.url));

/**
 * Node 20 and 22 (not 24) resolve a package's link (pnpm's node_modules) with a realpath that
 * reads the last stat made anywhere in the process: a stat of a FIFO or a socket just before
 * (a test removing a folder that holds one) made the estimator's word lists load from the link,
 * where zxcvbn's own dependency is not found — "Cannot find module 'fastest-levenshtein'",
 * seen in the Node 22 lane. Run in a process of its own, on the Node running the tests.
 */
describe('the secret estimator, first used after the process stat a FIFO', () => {
  let dir = '';
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'parley-fifo-'));
    execFileSync('mkfifo', [join(dir, 'fifo')]);
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('loads zxcvbn and judges a secret', () => {
    const script = `
      import { createRequire } from 'node:module';
      import { statSync } from 'node:fs';
      // Any package first: the loader now knows the workspace's folders as no links.
      createRequire(${JSON.stringify(strength)})('pino');
      const { estimatedBits } = await import(${JSON.stringify(strength)});
      statSync(${JSON.stringify(join(dir, 'fifo'))});
      console.log(estimatedBits('parley-admin-token') < 50 ? 'weak' : 'strong');
    `;
    const run = spawnSync(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', script],
      { encoding: 'utf8', timeout: 30_000 },
    );
    expect(run.stderr).not.toContain('Cannot find module');
    expect(run.stdout.trim()).toBe('weak');
  }, 30_000);
});
