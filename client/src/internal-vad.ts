/**
 * `@parley/client/internal/vad`: the voice detector's own modules, for a caller that loads the
 * model itself (the app's tests in Node, web/test/call-kit.ts). The page never imports this
 * entry: `createVadLoader` loads these lazily, off its first chunk. Not documented, not semver.
 */
export { loadSileroV5, type SileroBytes } from './audio/silero-model.ts';
export { ORT_WASM, SILERO_V5_MODEL } from './audio/vad-asset-files.ts';
export { VoiceActivityDetector } from './audio/vad.ts';
