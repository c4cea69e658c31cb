import { dirname, resolve } from 'node:path';
import { Kysely, PostgresDialect, sql } from 'kysely';
import { Migrator } from 'kysely/migration';
import { Pool, TypeOverrides, types } from 'pg';
import { describeError } from '../errors.ts';
import { logger } from '../log/logger.ts';
import { checkIntegrity } from './integrity.ts';
import { migrationNames, migrationProvider, type DialectName } from './migrations.ts';
import { transactionBatcher, type Batcher } from './batch.ts';
import { rowSecurityBypassed } from './row-security.ts';
import { inScope, SCOPE_SETTINGS, type Scope, type ScopedWork, type SystemJob } from './scope.ts';
import { GroupCommit, type GroupCommitOptions } from './group-commit.ts';
import { createPrivateFile, ensurePrivateDir, tightenFiles } from './private-files.ts';
import type { BatchedStatement } from './sqlite-worker-protocol.ts';
import { batchResult, WorkerSqlite, WorkerSqliteDialect } from './sqlite-worker-dialect.ts';
import type { Tables } from './schema.ts';

const log = logger('relay:storage');

export interface OpenDatabaseOptions {
  /** `postgres://…`: store in PostgreSQL. Absent or empty: SQLite. */
  url?: string | undefined;
  /** SQLite file (default `./data/parley.db`, relative to the working directory); its folder is
   * created (0700), the file and its WAL files are its user's only (0600, tightened when older
   * ones are not). `:memory:` for a private in-memory database. */
  sqlitePath?: string | undefined;
  /** PostgreSQL pool size, in connections (default 4). */
  poolSize?: number;
  /** SQLite: most batches one commit may carry (default 64; 1 commits each batch alone). */
  commitGroupMax?: number;
  /**
   * SQLite: least time from one commit's start to the next (ms, default 0): under load, the
   * batches of that interval share one commit and its fsync. See {@link GroupCommit}.
   */
  commitIntervalMs?: number;
}

/** An open, migrated database. */
export interface Database {
  /** The typed query builder, for the repositories in this folder (and tests). */
  readonly db: Kysely<Tables>;
  readonly dialect: DialectName;
  /** Where the data lives: the SQLite file, or the PostgreSQL host and database (no credentials). */
  readonly location: string;
  /**
   * Runs statements compiled from `db` in one transaction: committed when all succeed, rolled
   * back when one throws (this rejects) or one marked `requireRow` returns no row
   * (`{ ok: false, emptyAt }`). On SQLite the whole transaction is one message to its worker
   * thread (one round trip, the connection held for the worker's time only), and batches that
   * arrive while a commit is in flight share the next commit and its fsync (group commit; each
   * still all or nothing, each caller answered once its commit is durable); on PostgreSQL the
   * statements go one after another in a transaction set to the given scope (see {@link Scope}).
   */
  readonly batch: Batcher;
  /**
   * Runs `work` as `scope`. PostgreSQL: in one transaction whose row-level security shows only
   * the scope's rows of the per-user tables (see {@link Scope}); SQLite: as it is, on the shared
   * connection (no transaction). Every repository query on a per-user table goes through here or
   * {@link Database.transaction}.
   */
  as<T>(scope: Scope, work: ScopedWork<Tables, T>): Promise<T>;
  /** {@link Database.as}, in one transaction on SQLite too. */
  transaction<T>(scope: Scope, work: ScopedWork<Tables, T>): Promise<T>;
  /**
   * Checks storage and schema invariants; scans every table, so run it at startup or from an
   * admin command, not per request. Returns the problems found, or 'ok'.
   */
  integrityCheck(): Promise<'ok' | string[]>;
  /**
   * Batches committed so far and the commits they took (SQLite's group commit: fewer commits
   * than batches when they shared one); null on PostgreSQL, where each batch is its own.
   */
  commitStats(): { batches: number; commits: number } | null;
  /** Closes the database (idempotent); waits for queries in flight. */
  close(): Promise<void>;
}

/** Opens SQLite (default) or PostgreSQL (when `url` is set) and brings the schema up to date. */
export async function openDatabase(options: OpenDatabaseOptions = {}): Promise<Database> {
  const { db, dialect, location, batch, drain, commitStats, as, transaction, migrationDb } =
    options.url === undefined || options.url === ''
      ? await openSqlite(options.sqlitePath ?? 'data/parley.db', {
          maxGroup: options.commitGroupMax,
          minIntervalMs: options.commitIntervalMs,
        })
      : openPostgres(options.url, options.poolSize ?? 4);

  const started = performance.now();
  const migrating = migrationDb?.() ?? db;
  const newer = await unknownMigrations(migrating);
  if (newer.length > 0) {
    await (migrating === db ? undefined : migrating.destroy());
    await db.destroy();
    throw new Error(
      `The database's schema is newer than this release (${newer.join(', ')}): a later release ` +
        'migrated it, and migrations only go forward. Run that release, or restore the backup ' +
        'taken before upgrading (docs/runbook.md, "Roll back a release"). Nothing was changed.',
    );
  }
  const { error, results = [] } = await new Migrator({
    db: migrating,
    provider: migrationProvider(dialect),
    ...(dialect === 'postgres' ? { migrationTableSchema: await currentSchema(db) } : {}),
  })
    .migrateToLatest()
    .finally(() => (migrating === db ? undefined : migrating.destroy()));
  if (error !== undefined) {
    await db.destroy();
    throw new Error(`Database migration failed (${location}): ${describeError(error)}`, {
      cause: error,
    });
  }
  const applied = results.map((r) => r.migrationName);
  log.info(
    { dialect, location, applied, ms: Math.round(performance.now() - started) },
    'database open',
  );
  if (dialect === 'postgres') {
    const bypass = await rowSecurityBypassed(db);
    if (bypass !== null)
      log.warn(
        { location, role: bypass },
        "this role bypasses row-level security (a superuser or BYPASSRLS): only the relay's own " +
          'user_id filters keep users apart; connect as an ordinary role (docs/deploying.md)',
      );
  }

  let closed = false;
  return {
    db,
    dialect,
    location,
    batch,
    as,
    transaction,
    integrityCheck: () => checkIntegrity({ db, dialect, as }),
    commitStats: () => commitStats?.() ?? null,
    async close() {
      if (closed) return;
      closed = true;
      await drain?.();
      await db.destroy();
      log.info({ dialect, location }, 'database closed');
    },
  };
}

interface Opened {
  db: Kysely<Tables>;
  dialect: DialectName;
  location: string;
  batch: Batcher;
  as: Database['as'];
  transaction: Database['transaction'];
  /**
   * A connection of its own for the migrations, when they need one: on PostgreSQL, in the system
   * scope for its whole session, so a migration that reads or changes users' rows sees them all.
   */
  migrationDb?: () => Kysely<Tables>;
  /** Resolves when every batch submitted so far is committed (called before closing). */
  drain?: () => Promise<void>;
  commitStats?: () => { batches: number; commits: number };
}

async function openSqlite(path: string, grouping: GroupCommitOptions): Promise<Opened> {
  const memory = path === ':memory:';
  const file = memory ? path : resolve(path);
  if (!memory) {
    try {
      makePrivate(file);
    } catch (err) {
      throw new Error(`Cannot open SQLite database ${file}: ${describeError(err)}`, { cause: err });
    }
  }
  // The connection lives in a worker thread: a commit waiting for the disk (fsync, below) must
  // not stop the event loop that relays everyone's audio
  // (docs/decisions.md#sqlite-in-a-worker-thread-one-message-per-turn-group-commit).
  const { sqlite, pragmas } = await WorkerSqlite.open(file, [
    // WAL: readers do not block the writer, and a commit is one append to the log.
    'journal_mode = WAL',
    // FULL: every commit fsyncs the WAL. NORMAL would already survive kill -9 (the WAL write
    // reaches the OS before COMMIT returns); FULL also survives power loss or a host crash.
    'synchronous = FULL',
    // Per connection, and off by default in SQLite: without it ON DELETE CASCADE does nothing.
    'foreign_keys = ON',
    // Another process (a backup, an admin shell) may hold the lock briefly: wait, don't fail.
    'busy_timeout = 5000',
  ]).catch((err: unknown) => {
    throw new Error(`Cannot open SQLite database ${file}: ${describeError(err)}`, { cause: err });
  });
  if (!memory && pragmas[0] !== 'wal') {
    await sqlite.close();
    throw new Error(
      `Cannot open SQLite database ${file}: journal_mode is ${String(pragmas[0])}, not wal`,
    );
  }
  const db = new Kysely<Tables>({ dialect: new WorkerSqliteDialect(sqlite) });
  // Group commit: batches that arrive while a commit waits for the disk share the next one (one
  // fsync for all). On a connection Kysely hands out: its lock keeps other transactions out.
  const commits = new GroupCommit(
    (batches: BatchedStatement[][]) => db.connection().execute(() => sqlite.group(batches)),
    grouping,
  );
  return {
    db,
    dialect: 'sqlite',
    location: file,
    batch: async (statements) =>
      batchResult(
        await commits.submit(
          statements.map(({ query, requireRow }) => ({
            sql: query.sql,
            parameters: query.parameters,
            ...(requireRow === true ? { requireRow } : {}),
          })),
        ),
      ),
    // No row-level security in SQLite: the scope changes nothing; the repositories' filters hold.
    as: (_scope, work) => work(db),
    transaction: (_scope, work) => db.transaction().execute(work),
    drain: () => commits.idle(),
    commitStats: () => ({ batches: commits.items, commits: commits.groups }),
  };
}

/**
 * The database `file` and its folder made private before SQLite opens them: SQLite creates a
 * database 0644 (less the umask), and gives its `-wal`, `-shm` and `-journal` files the
 * database's mode, so the file is created 0600 first. Files of an older relay are tightened.
 */
function makePrivate(file: string): void {
  ensurePrivateDir(dirname(file));
  createPrivateFile(file);
  const changed = tightenFiles([file, ...['-wal', '-shm', '-journal'].map((s) => file + s)]);
  for (const { path, was } of changed)
    log.info({ path, was, now: '600' }, 'database file made private (readable by this user only)');
}

function openPostgres(url: string, poolSize: number): Opened {
  const location = describeUrl(url);
  const db = postgresPool(url, poolSize, location);
  const scoped = <T>(scope: Scope, work: ScopedWork<Tables, T>) => inScope(db, scope, work);
  return {
    db,
    dialect: 'postgres',
    location,
    batch: transactionBatcher(db),
    as: scoped,
    transaction: scoped,
    migrationDb: () => postgresPool(inSystemScope(url, 'migrate'), 1, location),
  };
}

/** `url` with the system scope set for each of its connections' whole session (`options`). */
function inSystemScope(url: string, job: SystemJob): string {
  const u = new URL(url);
  const options = u.searchParams.get('options');
  const setting = `-c ${SCOPE_SETTINGS.system}=${job}`;
  u.searchParams.set('options', options === null ? setting : `${options} ${setting}`);
  return u.toString();
}

function postgresPool(url: string, poolSize: number, location: string): Kysely<Tables> {
  // node-postgres returns bigint as a string; every bigint here (epoch ms, micro-dollars, ids) is
  // far below 2^53, so read it as a number. Per pool, not global: other pools keep the default.
  const typeParsers = new TypeOverrides();
  typeParsers.setTypeParser(types.builtins.INT8, (text: string) => Number(text));
  const pool = new Pool({
    connectionString: url,
    max: poolSize,
    idleTimeoutMillis: 30_000,
    connectionTimeoutMillis: 10_000,
    application_name: 'parley-relay',
    types: typeParsers,
  });
  // An idle client losing its connection emits here; unhandled, it would crash the process.
  pool.on('error', (err) =>
    log.warn({ err: describeError(err), location }, 'idle connection lost'),
  );
  return new Kysely<Tables>({ dialect: new PostgresDialect({ pool }) });
}

/**
 * Migrations the database has run that this release does not know: a later release's. Empty on
 * a fresh database (no migration table yet) and on one it cannot read, whose error the
 * migrator then gives.
 */
async function unknownMigrations(db: Kysely<Tables>): Promise<string[]> {
  const applied = await sql<{ name: string }>`select name from kysely_migration`.execute(db).then(
    (r) => r.rows.map((row) => row.name),
    () => [],
  );
  const known = new Set(migrationNames());
  return applied.filter((name) => !known.has(name)).sort();
}

/**
 * The schema tables are created in (the first of search_path). Kysely's migrator must be told:
 * unqualified, it takes a migration table in any schema (e.g. public) for its own.
 */
async function currentSchema(db: Kysely<Tables>): Promise<string> {
  const { rows } = await sql<{ schema: string | null }>`select current_schema() as schema`.execute(
    db,
  );
  const schema = rows[0]?.schema;
  if (schema == null) {
    await db.destroy();
    throw new Error('PostgreSQL: no schema in search_path exists to create the tables in');
  }
  return schema;
}

/** `postgres://user:secret@host:5432/db?x` → `postgres://host:5432/db`, safe to log. */
function describeUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return 'postgres://(unparsable url)';
  }
}
