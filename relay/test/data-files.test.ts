import { chmodSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startTestRelay } from './harness.ts';

// Issue 44, item 9b: parley.db (every conversation) and the settings key (it opens the saved
// API keys) were created readable by every user of the machine (0644).

const parent = mkdtempSync(join(tmpdir(), 'parley-data-modes-'));
afterAll(() => rmSync(parent, { recursive: true, force: true }));

/** The permission bits of `path`, in octal (`600`). */
const modeOf = (path: string) => (statSync(path).mode & 0o777).toString(8);

/** Every file in `dir` with its mode. */
const modes = (dir: string) =>
  Object.fromEntries(readdirSync(dir).map((name) => [name, modeOf(join(dir, name))]));

describe("the relay's data folder", () => {
  const dataDir = join(parent, 'data');

  it('is created for the relay’s user only, and so is each file in it', async () => {
    const relay = await startTestRelay({ DATA_DIR: dataDir });
    try {
      expect(modeOf(dataDir)).toBe('700');
      expect(modes(dataDir)).toEqual({
        'parley.db': '600',
        'parley.db-wal': '600',
        'parley.db-shm': '600',
        'settings.key': '600',
        'vapid-keys.json': '600',
      });
    } finally {
      await relay.close();
    }
  });

  it('has files an older relay left readable by all (0644) made private at start', async () => {
    for (const name of readdirSync(dataDir)) chmodSync(join(dataDir, name), 0o644);
    const relay = await startTestRelay({ DATA_DIR: dataDir });
    try {
      const files = modes(dataDir);
      expect(Object.keys(files)).toEqual(
        expect.arrayContaining(['parley.db', 'settings.key', 'vapid-keys.json']),
      );
      for (const [name, mode] of Object.entries(files)) expect(mode, name).toBe('600');
    } finally {
      await relay.close();
    }
  });
});
