import { sql, type Kysely } from 'kysely';
import { describeError } from '../errors.ts';
import type { DialectName } from './dialect-name.ts';
import { migrationNames } from './migrations.ts';
import type { Tables } from './schema.ts';
import type { Scope, ScopedWork } from './scope.ts';

/** What the checks read of a database: its handle, its dialect, and work run in a scope. */
export interface CheckedDatabase {
  readonly db: Kysely<Tables>;
  readonly dialect: DialectName;
  as<T>(scope: Scope, work: ScopedWork<Tables, T>): Promise<T>;
}

/** At most this many offending rows are listed per invariant. */
const SAMPLE = 10;

/**
 * Storage checks (SQLite: `integrity_check` and `foreign_key_check`; PostgreSQL: orphaned turns,
 * unvalidated constraints, and B-tree checks when the `amcheck` extension is installed) plus
 * what both share: the schema is at the latest migration and the counters the repositories keep
 * (turn counts, costs) agree with the rows they summarise.
 */
export async function checkIntegrity(database: CheckedDatabase): Promise<'ok' | string[]> {
  const { db, dialect } = database;
  // The scans of the per-user tables read every user's rows; the catalogue checks run apart (a
  // failed index check would abort the scans' transaction).
  const everyone = <T>(scan: (db: Kysely<Tables>) => Promise<T>) =>
    database.as({ system: 'integrity' }, scan);
  const problems = [
    ...(dialect === 'sqlite' ? await sqliteChecks(db) : await postgresChecks(db, everyone)),
    ...(await migrationChecks(db)),
    ...(await everyone(counterChecks)),
  ];
  return problems.length === 0 ? 'ok' : problems;
}

async function sqliteChecks(db: Kysely<Tables>): Promise<string[]> {
  const problems: string[] = [];
  const integrity = await sql<{ integrity_check: string }>`pragma integrity_check`.execute(db);
  for (const { integrity_check: message } of integrity.rows) {
    if (message !== 'ok') problems.push(`integrity_check: ${message}`);
  }
  const fk = await sql<{
    table: string;
    rowid: number | null;
    parent: string;
  }>`pragma foreign_key_check`.execute(db);
  for (const row of fk.rows) {
    problems.push(`foreign key: ${row.table} row ${String(row.rowid)} has no ${row.parent} row`);
  }
  return problems;
}

async function postgresChecks(
  db: Kysely<Tables>,
  everyone: <T>(scan: (db: Kysely<Tables>) => Promise<T>) => Promise<T>,
): Promise<string[]> {
  const problems: string[] = [];
  // The same question as SQLite's foreign_key_check, for the one foreign key we have.
  const orphans = await everyone((tx) =>
    sql<{ session_id: string; turn_id: number }>`
      select t.session_id, t.turn_id from turns t
      where not exists (select 1 from sessions s where s.id = t.session_id)
      limit ${SAMPLE}`.execute(tx),
  );
  for (const row of orphans.rows) {
    problems.push(`foreign key: turns row (${row.session_id}, ${row.turn_id}) has no sessions row`);
  }
  // A constraint added NOT VALID (or left so by a failed migration) vouches for nothing.
  const unvalidated = await sql<{ table_name: string; name: string }>`
    select conrelid::regclass::text as table_name, conname as name from pg_constraint
    where connamespace = current_schema()::regnamespace and not convalidated`.execute(db);
  for (const row of unvalidated.rows) {
    problems.push(`constraint ${row.name} on ${row.table_name} is not validated`);
  }
  // Optional: amcheck verifies index structure; only a superuser can install it, so use it
  // only when someone did.
  const amcheck = await sql<{ present: boolean }>`
    select exists (select 1 from pg_extension where extname = 'amcheck') as present`.execute(db);
  if (amcheck.rows[0]?.present === true) {
    const indexes = await sql<{ name: string }>`
      select c.relname as name from pg_class c join pg_am am on am.oid = c.relam
      where c.relkind = 'i' and am.amname = 'btree'
        and c.relnamespace = current_schema()::regnamespace`.execute(db);
    for (const { name } of indexes.rows) {
      try {
        await sql`select bt_index_check(${sql.id(name)}::regclass)`.execute(db);
      } catch (err) {
        problems.push(`index ${name}: ${describeError(err)}`);
      }
    }
  }
  return problems;
}

async function migrationChecks(db: Kysely<Tables>): Promise<string[]> {
  const expected = migrationNames();
  const rows = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(
    db,
  );
  const applied = rows.rows.map((r) => r.name);
  const problems: string[] = [];
  const missing = expected.filter((n) => !applied.includes(n));
  const unknown = applied.filter((n) => !expected.includes(n));
  if (missing.length > 0) problems.push(`migrations not applied: ${missing.join(', ')}`);
  if (unknown.length > 0) {
    problems.push(`migrations unknown to this relay (newer schema?): ${unknown.join(', ')}`);
  }
  return problems;
}

/** The denormalised counters must match the rows: a mismatch means a write was not atomic. */
async function counterChecks(db: Kysely<Tables>): Promise<string[]> {
  const problems: string[] = [];
  // `actual` may come back as a string: PostgreSQL's sum() of bigint is numeric.
  const turnCounts = await sql<{ id: string; turn_count: number; actual: number | string }>`
    select id, turn_count, actual from (
      select s.id, s.turn_count,
             (select count(*) from turns t where t.session_id = s.id) as actual
      from sessions s) x
    where turn_count <> actual
    limit ${SAMPLE}`.execute(db);
  for (const r of turnCounts.rows) {
    problems.push(`session ${r.id}: turn_count ${r.turn_count} but ${String(r.actual)} turns`);
  }
  const sessionCosts = await sql<{ id: string; cost_micros: number; actual: number | string }>`
    select id, cost_micros, actual from (
      select s.id, s.cost_micros,
             (select coalesce(sum(u.cost_micros), 0) from usage_ledger u
              where u.session_id = s.id) as actual
      from sessions s) x
    where cost_micros <> actual
    limit ${SAMPLE}`.execute(db);
  for (const r of sessionCosts.rows) {
    problems.push(
      `session ${r.id}: cost_micros ${r.cost_micros} but the ledger says ${String(r.actual)}`,
    );
  }
  const turnCosts = await sql<{
    session_id: string;
    turn_id: number;
    cost_micros: number;
    actual: number | string;
  }>`
    select session_id, turn_id, cost_micros, actual from (
      select t.session_id, t.turn_id, t.cost_micros,
             (select coalesce(sum(u.cost_micros), 0) from usage_ledger u
              where u.session_id = t.session_id and u.turn_id = t.turn_id) as actual
      from turns t) x
    where cost_micros <> actual
    limit ${SAMPLE}`.execute(db);
  for (const r of turnCosts.rows) {
    problems.push(
      `turn ${r.turn_id} of session ${r.session_id}: cost_micros ${r.cost_micros} but the ledger says ${String(r.actual)}`,
    );
  }
  return problems;
}
