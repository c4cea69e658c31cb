import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStorage } from '../src/storage/index.ts';
import { startTestRelay } from './harness.ts';

describe('a relay that cannot listen', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'parley-listen-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('fails with the listening error, having closed what it started (its database opens again)', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const address = taken.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    try {
      await expect(startTestRelay({ PORT: String(port), DATA_DIR: dataDir })).rejects.toThrow(
        /EADDRINUSE/,
      );
    } finally {
      await new Promise<void>((resolve) => taken.close(() => resolve()));
    }
    const storage = await openStorage({ sqlitePath: join(dataDir, 'parley.db') });
    try {
      expect(await storage.database.integrityCheck()).toBe('ok');
    } finally {
      await storage.close();
    }
    // And a relay starts on its data afterwards.
    const relay = await startTestRelay({ DATA_DIR: dataDir });
    await relay.close();
  });
});
