/**
 * `@parley/client/internal`: the call entered one level lower, at its dependencies (`CallDeps`),
 * for the app's own wiring (web/src/call/, main.tsx), its tests (web/test/call-kit.ts, with
 * fakes for the browser) and its debug window. Not documented, not semver: what the app uses
 * today, and nothing else. The voice detector itself (onnxruntime, the model) is apart, in
 * `./internal/vad` (internal-vad.ts): the page loads it lazily through `createVadLoader`, and a
 * re-export here would put it in the page's first chunk (neither package says it is free of side
 * effects). The package says which of its files have side effects (package.json `sideEffects`),
 * so that a bundler takes from this file only what is used: without it, Vite cut the app's
 * first chunk in five (241.6 → 244.6 kB gzipped, bench/client-cost's measureBundle).
 */
export type * from './index.ts';
export { captureConstraints } from './audio/capture-constraints.ts';
export { REMINDER_CHIME } from './audio/earcon.ts';
export type { AudioSessionLike } from './audio/output-unlock.ts';
export { voiceSample, type VoiceSample } from './audio/voice-sample.ts';
export { TicketError } from './call/call-errors.ts';
export type {
  CallDebugParts,
  CallDeps,
  CallPage,
  CallView,
  PageReminders,
  VadLoader,
} from './call/call-deps.ts';
export type { CallSink } from './call/call-sink.ts';
export { callSwitches } from './call/call-switches.ts';
export { createCall, type Call } from './call/create-call.ts';
export { micFailure } from './call/failure-text.ts';
export type { LinkSound } from './call/link-sound.ts';
export { createVadLoader, type PageVad } from './call/vad-loader.ts';
export { sinkEvents, type EmitEvent } from './call/sink-events.ts';
export { createParleyCallAt as createParleyCall, type CallSeam } from './parley-call.ts';
export { browserParts, type BrowserParts } from './browser-env.ts';
export { Emitter } from './events.ts';
export { QuestionWatch } from './call/package-view.ts';
