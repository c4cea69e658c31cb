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
 * migration table included — without the cost of a database each.
 */
export function postgres(): Backend {
  const { url, note } = postgresUrl();
  let admin: Pool | null = null;
  let n = 0;
  return {
    name: 'postgres',
    skipped: url === null ? note : null,
    async fresh() {
      if (url === null) throw new Error('PostgreSQL is not available');
      admin ??= new Pool({ connectionString: url, max: 2 });
      // Random: test files run in parallel threads of one process (same pid, same millisecond).
      const schema = `t_${randomBytes(6).toString('hex')}_${n++}`;
      await admin.query(`create schema ${schema}`);
      const u = new URL(url);
      u.searchParams.set('options', `-c search_path=${schema}`);
      return {
        options: { url: u.toString() },
        dispose: async () => {
          await admin?.query(`drop schema ${schema} cascade`);
        },
      };
    },
    async close() {
      await admin?.end();
      admin = null;
    },
  };
}
