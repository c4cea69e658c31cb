/**
 * `pnpm db:backup [--out FOLDER]` and `pnpm db:restore FOLDER [--overwrite]`: a relay's data
 * (SQLite or PostgreSQL, as its DATA_DIR / DATABASE_URL say) into a folder and back
 * (docs/runbook.md#backups-and-rolling-back-a-release).
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { describeError } from './errors.ts';
import { loadConfig } from './config.ts';
import { backup, restore } from './storage/backup.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { out: { type: 'string' }, overwrite: { type: 'boolean', default: false } },
});
const [command, folder] = positionals;
const config = loadConfig(process.env);
const place = { databaseUrl: config.databaseUrl, dataDir: config.dataDir };

try {
  if (command === 'backup') {
    const stamp = new Date().toISOString().replaceAll(':', '').replace(/\..*/, '');
    const out = values.out ?? join(config.dataDir, 'backups', `parley-${stamp}`);
    const made = await backup(place, out);
    process.stdout.write(
      `Backed up ${made.dialect} (${made.migrations.length} migrations${made.settingsKey ? ', the settings key' : ''}${made.vapidKeys ? ', the VAPID keys' : ''}) to ${out}\n`,
    );
  } else if (command === 'restore' && folder !== undefined) {
    const put = await restore(place, folder, { overwrite: values.overwrite });
    process.stdout.write(`Restored the ${put.dialect} backup of ${put.createdAt} from ${folder}\n`);
  } else {
    process.stderr.write('usage: db:backup [--out FOLDER] | db:restore FOLDER [--overwrite]\n');
    process.exitCode = 2;
  }
} catch (err) {
  process.stderr.write(`${command ?? 'db'} failed: ${describeError(err)}\n`);
  process.exitCode = 1;
}
