import type { VadConfig, VadEvent, VadLoadConfig } from '../audio/vad.ts';
import { VAD_ASSET_DIR } from '../audio/vad-asset-files.ts';
import type { VadHandle } from '../audio/vad-handle.ts';
import type { VadLoader } from './call-deps.ts';
import { VadLoadError } from './call-errors.ts';

/** End-of-turn silence under the fixed rule (`?eot=fixed`): every pause of 500 ms ends the turn. */
export const FIXED_END_OF_TURN_MS = 500;
/**
 * Under the end-of-turn policy (the default) the VAD ends a segment itself only past the
 * policy's longest wait (2 s): the policy ends it sooner (`VoiceActivityDetector.endSegment`).
 */
export const BACKSTOP_END_OF_TURN_MS = 2_200;

/** How a call's detector is set up (a call then sets its redemption time, see VoiceCall). */
export const CALL_VAD_CONFIG = {
  redemptionMs: FIXED_END_OF_TURN_MS,
  // Every frame's probability: the turn-taker finds pauses in them (the relay answers
  // speculatively at each, the end-of-turn policy decides during them) and times the
  // misfire window over the reply by them.
  emitFrames: true,
} as const satisfies Partial<VadConfig>;

/** The page's voice detector: loaded once (see {@link createVadLoader}), warmed before a call. */
export interface PageVad {
  /** Loads the detector (once); its events go to `onEvent` (the latest call's) from now on. */
  load: VadLoader;
  /** Loads it ahead of the first call, events going nowhere. */
  warm(): Promise<VadHandle>;
}

/**
 * Loads the VAD (Silero v5 on onnxruntime-web, served from our own origin) once, lazily: the
 * code and the model stay out of the initial page. Events go to the handler of the latest call.
 * `loadHandle` makes the detector (default: the page's, see {@link loadPageHandle}).
 */
export function createVadLoader(
  loadHandle: (config: VadLoadConfig) => Promise<VadHandle> = loadPageHandle,
): PageVad {
  let current: ((e: VadEvent) => void) | null = null;
  let loading: Promise<VadHandle> | null = null;
  const load = (): Promise<VadHandle> => {
    loading ??= loadHandle({ ...CALL_VAD_CONFIG, onEvent: (e) => current?.(e) }).catch(
      (err: unknown) => {
        loading = null;
        throw new VadLoadError(err instanceof Error ? err.message : String(err), { cause: err });
      },
    );
    return loading;
  };
  return {
    load: (onEvent) => {
      current = onEvent;
      return load();
    },
    warm: load,
  };
}

/**
 * The detector in a worker of its own (off the page's thread: see vad-worker.ts), or in the
 * page where a module worker cannot run it, or with `?vad=page` (comparisons).
 */
function loadPageHandle(config: VadLoadConfig): Promise<VadHandle> {
  return loadHandleFrom(new URL(import.meta.env.BASE_URL, location.href))(config);
}

/**
 * The detector as {@link loadPageHandle} makes it, its model and onnxruntime's files fetched
 * from `vad/` under `assetBaseUrl` (a directory's URL, ending in `/`).
 */
export function loadHandleFrom(
  assetBase: string | URL,
): (config: VadLoadConfig) => Promise<VadHandle> {
  return (config) => loadHandleAt(config, vadAssetsUrl(assetBase));
}

/** Where the detector's files are (`vad/`), under `assetBase` (a directory's URL). */
export function vadAssetsUrl(assetBase: string | URL): string {
  return new URL(VAD_ASSET_DIR, assetBase).href;
}

async function loadHandleAt(config: VadLoadConfig, assetBaseUrl: string): Promise<VadHandle> {
  const inPage = new URLSearchParams(location.search).get('vad') === 'page';
  if (!inPage && typeof Worker !== 'undefined') {
    try {
      const { WorkerVad } = await import('../audio/worker-vad.ts');
      return await WorkerVad.load(config, assetBaseUrl);
    } catch {
      // In the page, below.
    }
  }
  const { VoiceActivityDetector } = await import('../audio/vad.ts');
  return VoiceActivityDetector.load({ ...config, assetBaseUrl });
}
