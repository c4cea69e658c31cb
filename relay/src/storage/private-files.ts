import { chmodSync, closeSync, mkdirSync, openSync, statSync } from 'node:fs';

/** The data folder, when the relay creates it: its user only. */
export const PRIVATE_DIR_MODE = 0o700;
/** Files of users' data or of a key: read and written by the relay's user only. */
export const PRIVATE_FILE_MODE = 0o600;

/** The file a dev-mode relay keeps its generated settings key in (in `DATA_DIR`). */
export const DEV_KEY_FILE = 'settings.key';

/** The file a relay keeps the VAPID key pair it generated in (in `DATA_DIR`; see push/). */
export const VAPID_KEY_FILE = 'vapid-keys.json';

/**
 * Creates `dir` and its missing parents for the relay's user only ({@link PRIVATE_DIR_MODE}).
 * A folder that exists keeps its mode: the operator chose it (a mounted volume, a group's
 * folder); the files in it are private whatever it is.
 */
export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
}

/**
 * Makes each of `paths` that exists private ({@link PRIVATE_FILE_MODE}): files an older relay
 * created readable by everyone (0644). Returns the ones it changed, with their old modes
 * (octal, e.g. `644`); a path that does not exist is left alone.
 */
export function tightenFiles(paths: readonly string[]): { path: string; was: string }[] {
  const changed: { path: string; was: string }[] = [];
  for (const path of paths) {
    let mode: number;
    try {
      mode = statSync(path).mode & 0o777;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw err;
    }
    if (mode === PRIVATE_FILE_MODE) continue;
    chmodSync(path, PRIVATE_FILE_MODE);
    changed.push({ path, was: mode.toString(8) });
  }
  return changed;
}

/**
 * Creates `path` empty and private if it does not exist (an existing file is not changed): a
 * program that then opens it keeps its mode, where it would have created it 0644.
 */
export function createPrivateFile(path: string): void {
  closeSync(openSync(path, 'a', PRIVATE_FILE_MODE));
}
