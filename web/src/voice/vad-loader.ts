import type { VadEvent, VoiceActivityDetector } from '../audio/vad.ts';

/** End-of-turn silence under the fixed rule (`?eot=fixed`): every pause of 500 ms ends the turn. */
export const FIXED_END_OF_TURN_MS = 500;
/**
 * Under the end-of-turn policy (the default) the VAD ends a segment itself only past the
 * policy's longest wait (2 s): the policy ends it sooner (`VoiceActivityDetector.endSegment`).
 */
export const BACKSTOP_END_OF_TURN_MS = 2_200;

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
        redemptionMs: FIXED_END_OF_TURN_MS,
        // Every frame's probability: the turn-taker finds pauses in them (the relay answers
        // speculatively at each, the end-of-turn policy decides during them) and times the
        // misfire window over the reply by them.
        emitFrames: true,
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
