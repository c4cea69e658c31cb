import { randomBytes } from 'node:crypto';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '../log/logger.ts';
import {
  DEV_KEY_FILE,
  ensurePrivateDir,
  PRIVATE_FILE_MODE,
  tightenFiles,
} from '../storage/private-files.ts';
import { SecretBox, SETTINGS_KEY_BYTES } from '../secrets/secret-box.ts';

/**
 * The box that seals saved API keys: from `SETTINGS_KEY`; in dev mode without it, from a key
 * generated once into the data directory (mode 0600, as an older key file is made; logged
 * where); in jwt mode without it, null (saving a key is then refused, naming the variable).
 */
export function settingsBox(options: {
  settingsKey: Buffer | undefined;
  authMode: 'dev' | 'jwt';
  dataDir: string;
  log: Logger;
}): SecretBox | null {
  if (options.settingsKey) return new SecretBox(options.settingsKey);
  if (options.authMode !== 'dev') return null;
  const path = join(options.dataDir, DEV_KEY_FILE);
  // A key an older relay wrote readable by everyone is made its user's only.
  for (const { was } of tightenFiles([path]))
    options.log.info(
      { path, was, now: '600' },
      'settings key made private (readable by this user only)',
    );
  try {
    return new SecretBox(decodeKey(readFileSync(path, 'utf8'), path));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  ensurePrivateDir(options.dataDir);
  const key = randomBytes(SETTINGS_KEY_BYTES);
  // `wx`: never overwrite a key another process just wrote (its sealed values would be lost).
  try {
    writeFileSync(path, `${key.toString('base64')}\n`, { mode: PRIVATE_FILE_MODE, flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    return new SecretBox(decodeKey(readFileSync(path, 'utf8'), path));
  }
  // The mode given to writeFileSync is less the umask: set it whole.
  chmodSync(path, PRIVATE_FILE_MODE);
  options.log.info(
    { path },
    'generated a key for the API keys saved from the app (dev mode, no SETTINGS_KEY): keep this file with the database',
  );
  return new SecretBox(key);
}

function decodeKey(text: string, path: string): Buffer {
  const key = Buffer.from(text.trim(), 'base64');
  if (key.length !== SETTINGS_KEY_BYTES)
    throw new Error(`${path} does not hold a ${SETTINGS_KEY_BYTES}-byte key in base64`);
  return key;
}
