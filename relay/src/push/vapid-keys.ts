import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import webPush from 'web-push';
import { z } from 'zod';
import type { Logger } from '../log/logger.ts';
import {
  ensurePrivateDir,
  PRIVATE_FILE_MODE,
  tightenFiles,
  VAPID_KEY_FILE,
} from '../storage/private-files.ts';
import type { VapidKeys } from './push-config.ts';

const keyFile = z.strictObject({ publicKey: z.string().min(1), privateKey: z.string().min(1) });

/**
 * The key pair the relay signs its pushes with: the environment's (`VAPID_*`), else one
 * generated once into `dataDir` (mode 0600, never overwritten: every browser subscribed with
 * its public key, and a new pair would orphan them all). A cluster's relays must sign with one
 * pair, which a data folder of each does not give: without the environment's, `shared` is
 * false for them and they push nothing (logged once).
 */
export function vapidKeys(options: {
  configured: VapidKeys | null;
  dataDir: string;
  /** Whether several relays serve the users (Redis): each would generate its own pair. */
  clustered: boolean;
  log: Logger;
}): VapidKeys | null {
  if (options.configured) return options.configured;
  if (options.clustered) {
    options.log.warn(
      'reminders are not pushed while the app is closed: several relays need one VAPID key pair (set VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY)',
    );
    return null;
  }
  const path = join(options.dataDir, VAPID_KEY_FILE);
  // A pair an older copy left readable by everyone is made its user's only.
  for (const { was } of tightenFiles([path]))
    options.log.info({ path, was, now: '600' }, 'VAPID key pair made private (this user only)');
  try {
    return keyFile.parse(JSON.parse(readFileSync(path, 'utf8')));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT')
      throw new Error(`${path} does not hold a VAPID key pair: ${(err as Error).message}`);
  }
  ensurePrivateDir(options.dataDir);
  const keys = webPush.generateVAPIDKeys();
  const text = `${JSON.stringify({ publicKey: keys.publicKey, privateKey: keys.privateKey })}\n`;
  // `wx`: another process that just wrote a pair keeps it (browsers may have subscribed to it).
  try {
    writeFileSync(path, text, { mode: PRIVATE_FILE_MODE, flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    return keyFile.parse(JSON.parse(readFileSync(path, 'utf8')));
  }
  chmodSync(path, PRIVATE_FILE_MODE);
  options.log.info(
    { path },
    'generated the VAPID key pair reminders are pushed with: keep this file with the database',
  );
  return { publicKey: keys.publicKey, privateKey: keys.privateKey };
}
