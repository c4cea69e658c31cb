import { accessSync, constants, existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Debian's decoder: one line per speech segment, nothing while a segment is spoken. */
export const CONTINUOUS_DECODER = 'pocketsphinx_continuous';

/**
 * Where `relay/native/parley-sphinx` is, seen from the module at `moduleUrl`: the bundle
 * (`relay/dist/main.js`) or this file in the sources (`relay/src/providers/embedded/pocketsphinx/`).
 */
function candidates(moduleUrl: string): string[] {
  return ['../native/parley-sphinx', '../../../../native/parley-sphinx'].map((rel) =>
    fileURLToPath(new URL(rel, moduleUrl)),
  );
}

/**
 * The decoder to run: `parley-sphinx` (the same decoding, plus partial hypotheses while a
 * segment is spoken; built by `relay/native/build.sh`) when it was built, else Debian's
 * `pocketsphinx_continuous` (partials only at the end of each segment).
 */
export function defaultDecoderBinary(moduleUrl: string = import.meta.url): string {
  for (const path of candidates(moduleUrl)) {
    try {
      accessSync(path, constants.X_OK);
      return path;
    } catch {
      // not built there
    }
  }
  return CONTINUOUS_DECODER;
}

/**
 * The keyphrases `binary` spots beside its words (`-spot`), when it is `parley-sphinx` and its
 * list is beside it (relay/native/stop-phrases.kws: the stop words over a reply, each with the
 * threshold that spotted nothing in ordinary speech); else null.
 */
export function stopPhrasesFile(binary: string): string | null {
  if (basename(binary) !== 'parley-sphinx') return null;
  const file = join(dirname(binary), 'stop-phrases.kws');
  return existsSync(file) ? file : null;
}
