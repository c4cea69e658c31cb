import { sql, type CompiledQuery, type Kysely } from 'kysely';
import type { Database } from './database.ts';
import type { Tables } from './schema.ts';

/** What a capped insert needs of the open database (and the repositories that use it). */
export type CappedDatabase = Pick<Database, 'db' | 'dialect' | 'batch' | 'as'>;

/**
 * Runs `insert` — an `insert … select … where (count of the user's rows) < cap returning …` —
 * so that parallel inserts for one user never pass the cap: true when it inserted its row,
 * false when the user was at the cap already.
 *
 * A count and an insert as two statements let parallel tool calls all count below the cap
 * before any of them inserted (issue 60, item 12). As one statement it is atomic on SQLite, whose
 * writes run one at a time on one connection. PostgreSQL's read-committed snapshot would still
 * let concurrent transactions each count without the others' rows, so there the statement runs
 * in a transaction that first takes a transaction-scoped advisory lock named by `lockKey` (the
 * table and the user): inserts of one user queue, others' do not wait. It runs in `userId`'s
 * scope (row-level security): the row it inserts must be theirs.
 */
export async function insertWithinCap(
  database: CappedDatabase,
  userId: string,
  lockKey: string,
  insert: CompiledQuery,
): Promise<boolean> {
  const lock: CompiledQuery[] =
    database.dialect === 'postgres' ? [advisoryLock(database.db, lockKey)] : [];
  const done = await database.batch(
    [...lock.map((query) => ({ query })), { query: insert, requireRow: true }],
    { userId },
  );
  return done.ok;
}

function advisoryLock(db: Kysely<Tables>, key: string): CompiledQuery {
  return sql`select pg_advisory_xact_lock(hashtextextended(${key}, 0))`.compile(db);
}
