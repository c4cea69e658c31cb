import type { AsrResult, AsrStream } from '../providers/stages/asr.ts';

/**
 * A recogniser whose outcome is already known: the text the user typed, a final transcript the
 * session already has, or the failure it already met. A turn runs on it as on any recogniser,
 * so typed and spoken turns take one path.
 */
export function knownRecognition(outcome: { result: AsrResult } | { error: unknown }): AsrStream {
  return {
    write: () => undefined,
    abort: () => undefined,
    finish: () =>
      'result' in outcome ? Promise.resolve(outcome.result) : Promise.reject(outcome.error),
  };
}
