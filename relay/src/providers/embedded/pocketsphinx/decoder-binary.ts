import { accessSync, constants } from 'node:fs';
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
