// Vitest globalSetup: the relay built as production builds it (relay/build.mjs), once per run,
// for the tests that run it as its own process (relay-process.ts): a bundle starts in a
// fraction of the time tsx needs to load the sources. Its folder is in
// PARLEY_TEST_RELAY_DIST (inside relay/, so the bundle finds relay/node_modules); without it
// the tests run the sources through tsx.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const relayDir = fileURLToPath(new URL('../', import.meta.url));

export default function setup(): () => void {
  const cache = join(relayDir, 'node_modules', '.cache');
  mkdirSync(cache, { recursive: true });
  const dir = mkdtempSync(join(cache, 'parley-test-dist-'));
  const built = spawnSync(process.execPath, ['build.mjs', dir], {
    cwd: relayDir,
    encoding: 'utf8',
  });
  if (built.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`relay/build.mjs failed:\n${built.stderr}${built.stdout}`);
  }
  process.env.PARLEY_TEST_RELAY_DIST = dir;
  return () => {
    delete process.env.PARLEY_TEST_RELAY_DIST;
    rmSync(dir, { recursive: true, force: true });
  };
}
