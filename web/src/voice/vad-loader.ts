import type { VadEvent, VoiceActivityDetector } from '../audio/vad.ts';

/** End-of-turn silence: how long the user must pause before we answer (ms). */
const END_OF_TURN_SILENCE_MS = 500;

let current: ((e: VadEvent) => void) | null = null;
let loading: Promise<VoiceActivityDetector> | null = null;

/**
 * Loads the VAD (Silero v5 on onnxruntime-web, served from our own origin) once, lazily: the
 * code and the model stay out of the initial page. Events go to the handler of the latest call.
 */
export function loadVad(onEvent?: (e: VadEvent) => void): Promise<VoiceActivityDetector> {
  if (onEvent) current = onEvent;
  loading ??= import('../audio/vad.ts')
    .then(({ VoiceActivityDetector }) =>
      VoiceActivityDetector.load({
        redemptionMs: END_OF_TURN_SILENCE_MS,
        onEvent: (e) => current?.(e),
      }),
    )
    .catch((err: unknown) => {
      loading = null;
      throw new Error(
        `The voice detector could not load (${err instanceof Error ? err.message : String(err)}). Reload the page.`,
      );
    });
  return loading;
}
