import type { VadEvent, VadLoadConfig } from '../../audio/vad.ts';
import { VAD_ASSET_DIR } from '../../audio/vad-asset-files.ts';
import type { VadHandle } from '../../audio/vad-handle.ts';

/** End-of-turn silence under the fixed rule (`?eot=fixed`): every pause of 500 ms ends the turn. */
export const FIXED_END_OF_TURN_MS = 500;
/**
 * Under the end-of-turn policy (the default) the VAD ends a segment itself only past the
 * policy's longest wait (2 s): the policy ends it sooner (`VoiceActivityDetector.endSegment`).
 */
export const BACKSTOP_END_OF_TURN_MS = 2_200;

let current: ((e: VadEvent) => void) | null = null;
let loading: Promise<VadHandle> | null = null;

/**
 * Loads the VAD (Silero v5 on onnxruntime-web, served from our own origin) once, lazily: the
 * code and the model stay out of the initial page. Events go to the handler of the latest call.
 */
export function loadVad(onEvent?: (e: VadEvent) => void): Promise<VadHandle> {
  if (onEvent) current = onEvent;
  loading ??= loadHandle({
    redemptionMs: FIXED_END_OF_TURN_MS,
    // Every frame's probability: the turn-taker finds pauses in them (the relay answers
    // speculatively at each, the end-of-turn policy decides during them) and times the
    // misfire window over the reply by them.
    emitFrames: true,
    onEvent: (e) => current?.(e),
  }).catch((err: unknown) => {
    loading = null;
    throw new Error(
      `The voice detector could not load (${err instanceof Error ? err.message : String(err)}). Reload the page.`,
    );
  });
  return loading;
}

/**
 * The detector in a worker of its own (off the page's thread: see vad-worker.ts), or in the
 * page where a module worker cannot run it, or with `?vad=page` (comparisons).
 */
async function loadHandle(config: VadLoadConfig): Promise<VadHandle> {
  const assetBaseUrl = new URL(import.meta.env.BASE_URL + VAD_ASSET_DIR, location.href).href;
  const inPage = new URLSearchParams(location.search).get('vad') === 'page';
  if (!inPage && typeof Worker !== 'undefined') {
    try {
      const { WorkerVad } = await import('../../audio/worker-vad.ts');
      return await WorkerVad.load(config, assetBaseUrl);
    } catch {
      // In the page, below.
    }
  }
  const { VoiceActivityDetector } = await import('../../audio/vad.ts');
  return VoiceActivityDetector.load({ ...config, assetBaseUrl });
}
