// The runbook's promise (docs/runbook.md, "Roll back a release"): migrations only go forward, and
// a relay refuses to start on a schema newer than it knows — saying which, and what to do —
// and leaves that database as it found it (issue 63, item 9).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import SqliteConnection from 'libsql';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { openStorage } from '../src/storage/index.ts';
import { freePort, RelayProcess, TEST_RELAY_ENV } from './relay-process.ts';

let dataDir: string;
let relay: RelayProcess | null = null;
beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'parley-newer-schema-'));
});
afterEach(async () => {
  await relay?.stop().catch(() => undefined);
  relay = null;
  await rm(dataDir, { recursive: true, force: true });
});

/** The names in the database's migration table, read without migrating it. */
function appliedMigrations(): string[] {
  const db = new SqliteConnection(join(dataDir, 'parley.db'), { readonly: true });
  try {
    const rows = db.prepare('select name from kysely_migration order by name').all() as {
      name: string;
    }[];
    return rows.map((r) => r.name);
  } finally {
    db.close();
  }
}

it('refuses to start on a schema a later release migrated, says so, and leaves it as it was', async () => {
  // A release that knows one more migration ran on this data, then the operator rolled back.
  const storage = await openStorage({ sqlitePath: join(dataDir, 'parley.db') });
  await storage.sessions.create({ id: 'kept', userId: 'alice' });
  await sql`insert into kysely_migration (name, timestamp) values ('099_from_the_future', '2027-01-01T00:00:00.000Z')`.execute(
    storage.database.db,
  );
  await storage.close();
  const before = appliedMigrations();

  relay = new RelayProcess(await freePort(), { ...TEST_RELAY_ENV, DATA_DIR: dataDir });
  const started = relay.start();
  await expect(started).rejects.toThrow(/relay exited \(1\)/);
  const said = await started.catch((e: unknown) => String(e));
  expect(said).toMatch(/newer than this release \(099_from_the_future\)/);
  expect(said).toMatch(/Roll back a release/);
  expect(appliedMigrations()).toEqual(before);
});
