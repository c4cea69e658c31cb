// `pnpm db:backup` / `pnpm db:restore` on every backend, run as an operator runs them: the CLI,
// the relay's own settings (DATA_DIR, DATABASE_URL), the database open while the backup is made.
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { describeStorage, turn } from './suite.ts';

const run = promisify(execFile);
const CLI = fileURLToPath(new URL('../../src/backup-cli.ts', import.meta.url));
const KEY = `${Buffer.alloc(32, 7).toString('base64')}\n`;
const VAPID = `${JSON.stringify({ publicKey: 'pub', privateKey: 'priv' })}\n`;

describeStorage('backup and restore', (h) => {
  let scratch: string;
  let dataDir: string;
  beforeEach(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'parley-backup-'));
    const { sqlitePath, url } = h.options;
    dataDir = url !== undefined ? join(scratch, 'data') : dirname(sqlitePath ?? '');
  });
  afterEach(() => rm(scratch, { recursive: true, force: true }));

  /** The CLI with the relay's settings for this test's database. */
  const db = (...args: string[]) =>
    run(process.execPath, ['--import', 'tsx', CLI, ...args], {
      env: {
        ...process.env,
        DATA_DIR: dataDir,
        DATABASE_URL: h.options.url ?? '',
        LOG_LEVEL: 'silent',
      },
    });

  it('takes a snapshot while the relay writes, and puts it back in place of later data', async () => {
    await h.s.sessions.create({ id: 'before', userId: 'alice' });
    await h.s.turns.record(turn('before', 1));
    await mkdir(dataDir, { recursive: true });
    await writeFile(join(dataDir, 'settings.key'), KEY);
    await writeFile(join(dataDir, 'vapid-keys.json'), VAPID);
    const folder = join(scratch, 'backup');
    const made = await db('backup', '--out', folder);
    expect(made.stdout).toMatch(
      /^Backed up (sqlite|postgres) \(\d+ migrations, the settings key, the VAPID keys\)/,
    );

    await h.s.sessions.create({ id: 'after', userId: 'alice' });
    await h.s.close();
    await writeFile(join(dataDir, 'settings.key'), 'lost\n');
    await writeFile(join(dataDir, 'vapid-keys.json'), 'lost\n');

    // Over data, only when told: the operator has stopped the relay.
    await expect(db('restore', folder)).rejects.toMatchObject({
      stderr: expect.stringMatching(/stop the relay, then restore with --overwrite/) as unknown,
    });
    await db('restore', folder, '--overwrite');

    h.s = await h.open();
    const ids = (await h.s.sessions.list('alice')).sessions.map((s) => s.id);
    expect(ids).toEqual(['before']);
    expect(await h.turnRows('before')).toBe(1);
    expect(await h.s.database.integrityCheck()).toBe('ok');
    expect(await readFile(join(dataDir, 'settings.key'), 'utf8')).toBe(KEY);
    // Every subscribed browser holds its public half: restored with the database.
    expect(await readFile(join(dataDir, 'vapid-keys.json'), 'utf8')).toBe(VAPID);
  });

  it('refuses a backup made by a newer schema than this release knows', async () => {
    const folder = join(scratch, 'backup');
    await db('backup', '--out', folder);
    const manifest = JSON.parse(await readFile(join(folder, 'manifest.json'), 'utf8')) as {
      migrations: string[];
    };
    manifest.migrations.push('099_from_the_future');
    await writeFile(join(folder, 'manifest.json'), JSON.stringify(manifest));
    await expect(db('restore', folder, '--overwrite')).rejects.toMatchObject({
      stderr: expect.stringMatching(/newer than this release \(099_from_the_future\)/) as unknown,
    });
  });
});
