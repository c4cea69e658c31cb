// PostgreSQL's row-level security on the per-user tables (issue 63, item 4): a transaction sees
// and writes only the rows of the scope it set, whatever its query forgets. Run as an ordinary
// role that owns its tables, as a deployment should: a superuser bypasses row-level security.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Migrator } from 'kysely/migration';
import { Kysely, PostgresDialect, sql } from 'kysely';
import { Pool } from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { backup, restore } from '../../src/storage/backup.ts';
import { openStorage, type Storage } from '../../src/storage/index.ts';
import { migrationProvider } from '../../src/storage/migrations.ts';
import { PER_USER_TABLES, rowSecurityBypassed } from '../../src/storage/row-security.ts';
import type { Tables } from '../../src/storage/schema.ts';
import { postgresUrl } from './backends.ts';
import { llm, T0, turn } from './suite.ts';

const { url, note } = postgresUrl();
const perUserTables = PER_USER_TABLES as readonly (keyof Tables)[];

describe.skipIf(url === null)(`row-level security on postgres (${note})`, () => {
  /** The superuser, on the cluster's database (roles and databases). */
  let server: Pool;
  /** The superuser, on the role's own database (its schemas). */
  let admin: Pool;
  const role = `rls_${randomBytes(5).toString('hex')}`;
  let schema = '';
  let n = 0;
  let storage: Storage | null = null;

  /**
   * The role's own database: a backup dumps a whole database, and the suite's shared one holds
   * other files' tables, which this role may not read.
   */
  const databaseUrl = () => {
    const u = new URL(url ?? '');
    u.pathname = `/${role}`;
    return u;
  };
  /** The URL of the ordinary role, in a schema of its own for each test. */
  const appUrl = () => {
    const u = databaseUrl();
    u.username = role;
    u.password = '';
    u.searchParams.set('options', `-c search_path=${schema}`);
    return u.toString();
  };
  const s = () => {
    if (storage === null) throw new Error('no storage outside a test');
    return storage;
  };
  /**
   * An idle connection's error, held for afterAll. `pool.end()` resolves before its sockets have
   * closed, so the forced drop of the role's database can still end one of them (57P01, an
   * administrator's command): that one is expected; any other is a failure.
   */
  const lost: unknown[] = [];
  const watched = (pool: Pool) =>
    pool.on('error', (err: Error & { code?: string }) => {
      if (err.code !== '57P01') lost.push(err);
    });

  beforeAll(async () => {
    server = watched(new Pool({ connectionString: url ?? '', max: 1 }));
    await server.query(`create role ${role} login nosuperuser nobypassrls`);
    // As the owner of the relay's database would be: a restore makes its schema again.
    await server.query(`create database ${role} owner ${role}`);
    admin = watched(new Pool({ connectionString: databaseUrl().toString(), max: 2 }));
  });
  afterAll(async () => {
    await admin.end();
    await server.query(`drop database ${role} with (force)`);
    await server.query(`drop owned by ${role} cascade`);
    await server.query(`drop role ${role}`);
    await server.end();
    expect(lost).toEqual([]);
  });
  beforeEach(async () => {
    schema = `${role}_${n++}`;
    await admin.query(`create schema ${schema} authorization ${role}`);
  });
  afterEach(async () => {
    await storage?.close();
    storage = null;
    await admin.query(`drop schema ${schema} cascade`);
  });

  /** Alice and Bob, each with a session, a turn, spending, preferences, a reminder, a note. */
  async function twoUsers(st: Storage) {
    for (const [user, sessionId] of [
      ['alice', 'a1'],
      ['bob', 'b1'],
    ] as const) {
      await st.sessions.create({ id: sessionId, userId: user });
      await st.turns.record(turn(sessionId, 1, `${user} asks`), [llm(100)]);
      await st.preferences.put(user, { persona: user });
      await st.reminders.add(user, `${user}'s reminder`, T0 + 60_000);
      await st.notes.add(user, `${user}'s note`);
      await st.pushSubscriptions.save(user, {
        endpoint: `https://push.example/${user}`,
        p256dh: 'key',
        auth: 'secret',
      });
    }
  }

  /** Every row of a table as `scope` sees it, by a query with no filter at all. */
  const everything = (table: keyof Tables, rows: Kysely<Tables>) =>
    rows.selectFrom(table).selectAll().execute() as Promise<Record<string, unknown>[]>;
  /** A row's owner: its user, or its session's for a turn. */
  const owner = (row: Record<string, unknown>) =>
    row.user_id ?? (row.session_id === 'a1' ? 'alice' : row.session_id === 'b1' ? 'bob' : '?');

  it("a query missing its user_id filter returns nothing of another user's", async () => {
    storage = await openStorage({ url: appUrl() });
    await twoUsers(s());
    for (const table of perUserTables) {
      const rows = await s().database.as({ userId: 'alice' }, (db) => everything(table, db));
      expect(rows.length, table).toBeGreaterThan(0);
      expect(new Set(rows.map(owner)), table).toEqual(new Set(['alice']));
    }
    // Writes too: an update or delete with no filter touches only Alice's rows, and a row of
    // Bob's cannot be written from her scope.
    await s().database.as({ userId: 'alice' }, async (db) => {
      await db.updateTable('notes').set({ text: 'overwritten' }).execute();
      await db.deleteFrom('reminders').execute();
    });
    await expect(
      s().database.as({ userId: 'alice' }, (db) =>
        db
          .insertInto('notes')
          .values({ id: 'n', user_id: 'bob', text: 'x', created_at: T0 })
          .execute(),
      ),
    ).rejects.toThrow(/row-level security/);
    expect((await s().notes.list('bob')).map((x) => x.text)).toEqual(["bob's note"]);
    expect(await s().reminders.pending('bob')).toHaveLength(1);
    expect(await s().reminders.pending('alice')).toEqual([]);
  });

  it("a session's scope sees that session's rows only, and no scope sees none", async () => {
    storage = await openStorage({ url: appUrl() });
    await twoUsers(s());
    const inSession = (table: keyof Tables) =>
      s().database.as({ sessionId: 'a1' }, (db) => everything(table, db));
    for (const table of ['sessions', 'turns', 'usage_ledger'] as const)
      expect(new Set((await inSession(table)).map(owner)), table).toEqual(new Set(['alice']));
    for (const table of ['user_preferences', 'reminders', 'notes', 'push_subscriptions'] as const)
      expect(await inSession(table), table).toEqual([]);
    for (const table of perUserTables)
      expect(await everything(table, s().database.db), table).toEqual([]);
  });

  it('the named system jobs see every user, and the repositories still answer each user', async () => {
    storage = await openStorage({ url: appUrl() });
    await twoUsers(s());
    for (const table of perUserTables) {
      const rows = await s().database.as({ system: 'ops' }, (db) => everything(table, db));
      expect(new Set(rows.map(owner)), table).toEqual(new Set(['alice', 'bob']));
    }
    expect((await s().sessions.list('bob')).sessions.map((x) => x.id)).toEqual(['b1']);
    expect((await s().sessions.get('alice', 'a1'))?.turns).toHaveLength(1);
    expect(await s().sessions.get('alice', 'b1')).toBeNull();
    expect(await s().usage.userDayCost('bob')).toBe(100);
    expect((await s().usageReports.report('2000-01-01', '2999-12-31')).byUser).toHaveLength(2);
    expect(await s().reminders.awaitingPush(10)).toHaveLength(2);
    expect(await s().database.integrityCheck()).toBe('ok');
    expect(await rowSecurityBypassed(s().database.db)).toBeNull();
  });

  it('an existing database gains the policies with its data intact', async () => {
    const pool = watched(new Pool({ connectionString: appUrl(), max: 1 }));
    const db = new Kysely<Tables>({ dialect: new PostgresDialect({ pool }) });
    // The schema as the relay before this change left it, with two users' rows in it.
    const { error } = await new Migrator({
      db,
      provider: migrationProvider('postgres'),
      migrationTableSchema: schema,
    }).migrateTo('014_push_subscriptions');
    expect(error).toBeUndefined();
    for (const [user, id] of [
      ['alice', 'a1'],
      ['bob', 'b1'],
    ])
      await db
        .insertInto('sessions')
        .values({ id: id ?? '', user_id: user ?? '', started_at: T0, updated_at: T0 })
        .execute();
    expect(await everything('sessions', db)).toHaveLength(2);
    await db.destroy();

    storage = await openStorage({ url: appUrl() });
    const { rows } = await sql<{ name: string }>`select name from kysely_migration`.execute(
      s().database.db,
    );
    expect(rows.map((r) => r.name)).toContain('015_row_level_security');
    expect(await everything('sessions', s().database.db)).toEqual([]);
    expect((await s().sessions.list('alice')).sessions.map((x) => x.id)).toEqual(['a1']);
    expect((await s().sessions.list('bob')).sessions.map((x) => x.id)).toEqual(['b1']);
  });

  it("the migrations see every user's rows: a data migration run again still moves them", async () => {
    storage = await openStorage({ url: appUrl() });
    await s().sessions.create({ id: 'l1', userId: 'local' });
    // Back to the schema of 009 (the data kept): 010 moves dev mode's `local` to `dev:local`.
    await sql`delete from kysely_migration where name > '009_usage_ledger_day'`.execute(
      s().database.db,
    );
    await s().close();
    storage = await openStorage({ url: appUrl() });
    expect((await s().sessions.list('dev:local')).sessions.map((x) => x.id)).toEqual(['l1']);
    expect((await s().sessions.list('local')).sessions).toEqual([]);
  });

  it("db:backup as the relay's role keeps every user's rows, and a restore puts them back", async () => {
    storage = await openStorage({ url: appUrl() });
    await twoUsers(s());
    const scratch = await mkdtemp(join(tmpdir(), 'parley-rls-backup-'));
    try {
      const place = { databaseUrl: appUrl(), dataDir: join(scratch, 'data') };
      const folder = join(scratch, 'backup');
      await backup(place, folder);
      await s().sessions.delete('bob', 'b1');
      await s().close();
      storage = null;
      await restore(place, folder, { overwrite: true });
      storage = await openStorage({ url: appUrl() });
      expect((await s().sessions.get('bob', 'b1'))?.turns).toHaveLength(1);
      for (const table of perUserTables) {
        const rows = await s().database.as({ system: 'ops' }, (db) => everything(table, db));
        expect(new Set(rows.map(owner)), table).toEqual(new Set(['alice', 'bob']));
      }
      // Restored with its policies: Alice's scope still sees only hers.
      const mine = await s().database.as({ userId: 'alice' }, (db) => everything('notes', db));
      expect(mine.map(owner)).toEqual(['alice']);
    } finally {
      await rm(scratch, { recursive: true, force: true });
    }
  });
});
