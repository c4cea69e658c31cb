/**
 * Files the VAD fetches at run time, served from our own origin under `${BASE_URL}vad/` (by the
 * Vite plugin in client/vite/vad-assets.ts, in dev and build). Shared by the plugin and the
 * loader so the two cannot disagree. Each entry: the file name under `vad/` and the package
 * specifier of the file (resolvable through the package's "exports", if it has one).
 */
export const VAD_ASSET_DIR = 'vad/';

/** Silero VAD v5 (512-sample frames at 16 kHz). */
export const SILERO_V5_MODEL = {
  name: 'silero_vad_v5.onnx',
  packageFile: '@ricky0123/vad-web/dist/silero_vad_v5.onnx',
} as const;

/**
 * onnxruntime-web's WebAssembly binary. Only this file is fetched: its JS glue is already inside
 * the bundled `onnxruntime-web/wasm` entry, which uses it when `wasmPaths` names the `.wasm` alone
 * (naming a directory instead makes ort also import `ort-wasm-simd-threaded.mjs` from there).
 */
export const ORT_WASM = {
  name: 'ort-wasm-simd-threaded.wasm',
  packageFile: 'onnxruntime-web/ort-wasm-simd-threaded.wasm',
} as const;

export const VAD_ASSETS = [SILERO_V5_MODEL, ORT_WASM] as const;
