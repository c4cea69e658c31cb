import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'pg';
import { inject } from 'vitest';
import type { OpenDatabaseOptions } from '../../src/storage/index.ts';

/** A fresh, empty database for one test. */
export interface Place {
  options: OpenDatabaseOptions;
  dispose(): Promise<void>;
}

export interface Backend {
  name: 'sqlite' | 'postgres';
  /** Null when the backend runs; otherwise why it is skipped. */
  skipped: string | null;
  fresh(): Promise<Place>;
  /** Releases what the backend holds across tests. */
  close(): Promise<void>;
}

export const sqlite: Backend = {
  name: 'sqlite',
  skipped: null,
  async fresh() {
    const dir = await mkdtemp(join(tmpdir(), 'parley-storage-'));
    return {
      options: { sqlitePath: join(dir, 'data', 'parley.db') },
      dispose: () => rm(dir, { recursive: true, force: true }),
    };
  },
  close: () => Promise.resolve(),
};

/** The database from TEST_DATABASE_URL or the globalSetup cluster, or null. */
export function postgresUrl(): { url: string | null; note: string } {
  const env = process.env.TEST_DATABASE_URL;
  if (env !== undefined && env !== '') return { url: env, note: 'TEST_DATABASE_URL' };
  // Undefined when the globalSetup is not configured.
  const url = inject('testDatabaseUrl') as string | null | undefined;
  const note = inject('testPostgresNote') as string | undefined;
  return {
    url: url ?? null,
    note:
      note ?? 'set TEST_DATABASE_URL, or add relay/test/storage/postgres-setup.ts as globalSetup',
  };
}

/**
 * Each test gets its own schema (via the connection's search_path), so tests are isolated —
 * migration table included — without the cost of a database each. Each backend (a test file)
 * makes its schemas in a database of its own when it may create one: Kysely's migrator lists
 * the tables of every schema of its database, and a schema another file dropped meanwhile
 * failed it ("schema … does not exist"). Without the right, in the given database.
 */
export function postgres(): Backend {
  const { url, note } = postgresUrl();
  let admin: Pool | null = null;
  /** Where this backend's schemas go: its own database, or the given one. */
  let home: Promise<{ pool: Pool; url: URL; database: string | null }> | null = null;
  let n = 0;
  const ownDatabase = async (given: string) => {
    admin ??= quiet(new Pool({ connectionString: given, max: 2 }));
    const database = `t_${randomBytes(6).toString('hex')}`;
    try {
      await admin.query(`create database ${database}`);
    } catch {
      return { pool: admin, url: new URL(given), database: null };
    }
    const u = new URL(given);
    u.pathname = `/${database}`;
    return { pool: quiet(new Pool({ connectionString: u.toString(), max: 2 })), url: u, database };
  };
  return {
    name: 'postgres',
    skipped: url === null ? note : null,
    async fresh() {
      if (url === null) throw new Error('PostgreSQL is not available');
      home ??= ownDatabase(url);
      const { pool, url: base } = await home;
      // Random: test files run in parallel threads of one process (same pid, same millisecond).
      const schema = `t_${randomBytes(6).toString('hex')}_${n++}`;
      await pool.query(`create schema ${schema}`);
      const u = new URL(base);
      u.searchParams.set('options', `-c search_path=${schema}`);
      return {
        options: { url: u.toString() },
        dispose: async () => {
          await pool.query(`drop schema ${schema} cascade`);
        },
      };
    },
    async close() {
      const own = await home;
      home = null;
      if (own?.database != null) {
        await own.pool.end();
        await admin?.query(`drop database if exists ${own.database} with (force)`);
      }
      await admin?.end();
      admin = null;
    },
  };
}

/**
 * A test pool that expects to be cut off: `pool.end()` resolves before its clients' sockets
 * have closed, so `drop database … with (force)` can terminate one still closing (57P01); its
 * error, with no listener on the pool, would be an uncaught exception failing the whole run.
 */
function quiet(pool: Pool): Pool {
  pool.on('error', (err: Error & { code?: string }) => {
    if (err.code !== '57P01') console.warn(`test PostgreSQL pool: ${err.message}`);
  });
  return pool;
}
