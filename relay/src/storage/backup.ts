import { execFile } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import SqliteConnection from 'libsql';
import { z } from 'zod';
import { migrationNames } from './migrations.ts';
import { SCOPE_SETTINGS, type SystemJob } from './scope.ts';
import {
  DEV_KEY_FILE,
  ensurePrivateDir,
  PRIVATE_FILE_MODE,
  VAPID_KEY_FILE,
} from './private-files.ts';

const run = promisify(execFile);

/** Where a relay keeps its data: the settings `start.ts` opens storage with. */
export interface DataPlace {
  /** `postgres://…`, or undefined/empty for SQLite. */
  databaseUrl: string | undefined;
  /** `DATA_DIR`: the SQLite file (`parley.db`) and the dev-mode settings key live here. */
  dataDir: string;
}

/** What a backup folder says of itself (`manifest.json`). */
export const BackupManifest = z.object({
  format: z.literal('parley-backup/1'),
  dialect: z.enum(['sqlite', 'postgres']),
  createdAt: z.string(),
  /** The schema's migrations when it was made: a relay that knows fewer must not restore it. */
  migrations: z.array(z.string()),
  /** The file holding the data, in the folder. */
  dataFile: z.string(),
  /** Whether the dev-mode settings key (`settings.key`) is in the folder. */
  settingsKey: z.boolean(),
  /**
   * Whether the VAPID key pair the relay generated (`vapid-keys.json`) is in the folder: every
   * subscribed browser holds its public half. Absent from backups made before it.
   */
  vapidKeys: z.boolean().default(false),
});
export type BackupManifest = z.infer<typeof BackupManifest>;

const MANIFEST = 'manifest.json';
const SQLITE_FILE = 'parley.db';
const PG_FILE = 'parley.pgdump';

const isPostgres = (place: DataPlace) =>
  place.databaseUrl !== undefined && place.databaseUrl !== '';

/**
 * Copies a relay's data into `folder` (made, private): a consistent snapshot taken while the
 * relay runs — SQLite's `VACUUM INTO` (a reader: the relay's writes go on), PostgreSQL's
 * `pg_dump` custom format — and the settings key when dev mode made one, since the API keys
 * saved from the app are sealed with it and are worthless without it.
 */
export async function backup(place: DataPlace, folder: string): Promise<BackupManifest> {
  if (existsSync(folder)) throw new Error(`${folder} exists: give a new folder for the backup`);
  ensurePrivateDir(folder);
  let dataFile: string;
  let applied: string[];
  if (isPostgres(place)) {
    dataFile = PG_FILE;
    const out = join(folder, PG_FILE);
    // Every user's rows: row-level security holds the relay's role (the tables' owner) too, so
    // the dump runs with it on, in the system scope that shows them all (see `Scope`).
    const args = ['--format=custom', '--no-owner', '--enable-row-security', `--file=${out}`];
    await run('pg_dump', args, { env: inSystemScope(libpqEnv(place.databaseUrl ?? '')) });
    chmodSync(out, PRIVATE_FILE_MODE);
    applied = await pgMigrations(place.databaseUrl ?? '');
  } else {
    dataFile = SQLITE_FILE;
    const source = sqlitePath(place);
    if (!existsSync(source)) throw new Error(`No database at ${source}: is DATA_DIR right?`);
    const out = resolve(folder, SQLITE_FILE);
    const db = new SqliteConnection(source, { readonly: true });
    try {
      db.exec(`VACUUM INTO '${out.replaceAll("'", "''")}'`);
      applied = (
        db.prepare('select name from kysely_migration order by name').all() as { name: string }[]
      ).map((r) => r.name);
    } finally {
      db.close();
    }
    chmodSync(out, PRIVATE_FILE_MODE);
  }
  const kept = (name: string) => {
    const path = join(place.dataDir, name);
    if (!existsSync(path)) return false;
    copyFileSync(path, join(folder, name));
    chmodSync(join(folder, name), PRIVATE_FILE_MODE);
    return true;
  };
  const settingsKey = kept(DEV_KEY_FILE);
  const vapidKeys = kept(VAPID_KEY_FILE);
  const manifest: BackupManifest = {
    format: 'parley-backup/1',
    dialect: isPostgres(place) ? 'postgres' : 'sqlite',
    createdAt: new Date().toISOString(),
    migrations: applied,
    dataFile,
    settingsKey,
    vapidKeys,
  };
  writeFileSync(join(folder, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`, {
    mode: PRIVATE_FILE_MODE,
  });
  return manifest;
}

/**
 * Puts a backup back in place of a relay's data; the relay must be stopped (SQLite's file is
 * replaced whole; PostgreSQL's tables are dropped and made again). Refuses a backup made by a
 * newer schema than this release knows (restore it with the release that made it), a backup of
 * the other database kind, and — without `overwrite` — a place that already holds data.
 */
export async function restore(
  place: DataPlace,
  folder: string,
  options: { overwrite: boolean },
): Promise<BackupManifest> {
  const manifest = readManifest(folder);
  const known = new Set(migrationNames());
  const unknown = manifest.migrations.filter((m) => !known.has(m));
  if (unknown.length > 0)
    throw new Error(
      `The backup's schema is newer than this release (${unknown.join(', ')}): restore it with the release that made it`,
    );
  const dialect = isPostgres(place) ? 'postgres' : 'sqlite';
  if (manifest.dialect !== dialect)
    throw new Error(`The backup is of ${manifest.dialect}, this relay stores in ${dialect}`);
  if (dialect === 'postgres') {
    const url = place.databaseUrl ?? '';
    if (!options.overwrite && (await pgMigrations(url)).length > 0)
      throw new Error('The database holds data: stop the relay, then restore with --overwrite');
    const env = libpqEnv(url);
    const database = decodeURIComponent(new URL(url).pathname.slice(1));
    // --dbname restores into the database (without it pg_restore prints SQL); its connection
    // settings come from the environment.
    const args = ['--clean', '--if-exists', '--no-owner', `--dbname=${database}`];
    await run('pg_restore', [...args, join(folder, manifest.dataFile)], { env });
  } else {
    const target = sqlitePath(place);
    if (!options.overwrite && existsSync(target))
      throw new Error(`${target} exists: stop the relay, then restore with --overwrite`);
    ensurePrivateDir(place.dataDir);
    // Copied beside it, then renamed over it: a restore cut short leaves the old file whole.
    const next = `${target}.restoring`;
    copyFileSync(join(folder, manifest.dataFile), next);
    chmodSync(next, PRIVATE_FILE_MODE);
    // The old file's log must not be replayed into the restored one.
    for (const stale of [`${target}-wal`, `${target}-shm`]) rmSync(stale, { force: true });
    renameSync(next, target);
  }
  for (const [name, kept] of [
    [DEV_KEY_FILE, manifest.settingsKey],
    [VAPID_KEY_FILE, manifest.vapidKeys],
  ] as const) {
    if (!kept) continue;
    const key = join(place.dataDir, name);
    ensurePrivateDir(place.dataDir);
    copyFileSync(join(folder, name), key);
    chmodSync(key, PRIVATE_FILE_MODE);
  }
  return manifest;
}

function readManifest(folder: string): BackupManifest {
  const path = join(folder, MANIFEST);
  if (!existsSync(path)) throw new Error(`${folder} is not a Parley backup (no ${MANIFEST})`);
  const parsed = BackupManifest.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  if (!parsed.success) throw new Error(`${path} is not a Parley backup manifest`);
  return parsed.data;
}

function sqlitePath(place: DataPlace): string {
  return resolve(place.dataDir, SQLITE_FILE);
}

/** The migrations applied in a PostgreSQL database (none: an empty database). */
async function pgMigrations(url: string): Promise<string[]> {
  const { stdout } = await run(
    'psql',
    [
      '--no-psqlrc',
      '--tuples-only',
      '--no-align',
      '--quiet',
      '--command',
      'select name from kysely_migration order by name',
    ],
    { env: libpqEnv(url) },
  ).catch((err: unknown) => {
    // No migration table yet: an empty database.
    if (((err as { stderr?: string }).stderr ?? '').includes('kysely_migration'))
      return { stdout: '' };
    throw err;
  });
  return stdout.split('\n').filter((l) => l.trim() !== '');
}

/**
 * libpq's environment with the system scope set for the whole connection (`PGOPTIONS`): the
 * backup's one session reads every user's rows, as the named job `backup`.
 */
function inSystemScope(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const system = `-c ${SCOPE_SETTINGS.system}=${'backup' satisfies SystemJob}`;
  return { ...env, PGOPTIONS: [env.PGOPTIONS, system].filter(Boolean).join(' ') };
}

/**
 * A `postgres://` URL as libpq's environment, read as the relay's driver reads it (`+` in the
 * query is a space, as in `options=-c+search_path%3Dx`): the password stays out of the command
 * line, where any user's `ps` would show it.
 */
function libpqEnv(url: string): NodeJS.ProcessEnv {
  const u = new URL(url);
  const q = u.searchParams;
  const set: Record<string, string | null> = {
    PGHOST: u.hostname.replace(/^\[|\]$/g, '') || null,
    PGPORT: u.port || null,
    PGUSER: u.username === '' ? null : decodeURIComponent(u.username),
    PGPASSWORD: u.password === '' ? null : decodeURIComponent(u.password),
    PGDATABASE: decodeURIComponent(u.pathname.replace(/^\//, '')) || null,
    PGOPTIONS: q.get('options'),
    PGSSLMODE: q.get('sslmode'),
  };
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const [name, value] of Object.entries(set)) if (value !== null) env[name] = value;
  return env;
}
