/**
 * Loads Silero VAD v5 on onnxruntime-web (WebAssembly, one thread), entirely from our origin.
 * Imported only dynamically (by vad.ts): onnxruntime-web and this module end up in a lazy chunk,
 * out of the initial page bundle.
 */
import * as ort from 'onnxruntime-web/wasm';
import { Silero } from '@ricky0123/vad-web/dist/models';
import type { SpeechModel } from './speech-model.ts';
import { ORT_WASM, SILERO_V5_MODEL } from './vad-asset-files.ts';

/** Where the load time went (ms). */
export interface SileroLoadTimings {
  /** Fetching the .onnx model (2.3 MB). */
  modelFetchMs: number;
  /** Starting onnxruntime (fetching and compiling its 14 MB .wasm, once) and the session. */
  sessionMs: number;
  /** One inference on silence: the first run is ~100× slower than the next ones. */
  warmUpMs: number;
}

/** The model and onnxruntime's WebAssembly as bytes, where there is nothing to fetch them from. */
export interface SileroBytes {
  model: ArrayBuffer;
  wasm: ArrayBuffer;
}

/**
 * Creates the model. `assets` is the absolute URL of the directory holding the VAD assets
 * (ending in `/`: a page), or the assets themselves (Node, in tests).
 */
export async function loadSileroV5(
  assets: string | SileroBytes,
): Promise<{ model: SpeechModel; timings: SileroLoadTimings }> {
  // Threads need cross-origin isolation, and one thread runs a 512-sample frame in ~1 ms.
  ort.env.wasm.numThreads = 1;
  ort.env.wasm.proxy = false;
  if (typeof assets === 'string')
    ort.env.wasm.wasmPaths = { wasm: new URL(ORT_WASM.name, assets).href };
  else ort.env.wasm.wasmBinary = assets.wasm;
  const started = performance.now();
  let modelFetchMs = 0;
  const silero = await Silero.new(ort, async () => {
    if (typeof assets !== 'string') return assets.model;
    const url = new URL(SILERO_V5_MODEL.name, assets).href;
    const response = await fetch(url);
    if (!response.ok) throw new Error(`VAD model ${url}: HTTP ${response.status}`);
    const bytes = await response.arrayBuffer();
    modelFetchMs = performance.now() - started;
    return bytes;
  });
  const sessionMs = performance.now() - started - modelFetchMs;
  const warmUpStarted = performance.now();
  await silero.process(new Float32Array(512));
  silero.reset_state();
  const warmUpMs = performance.now() - warmUpStarted;
  const model: SpeechModel = {
    process: async (frame) => (await silero.process(frame)).isSpeech,
    reset: () => {
      silero.reset_state();
    },
    release: () => silero.release(),
  };
  return { model, timings: { modelFetchMs, sessionMs, warmUpMs } };
}
