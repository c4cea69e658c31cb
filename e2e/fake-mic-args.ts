/** Chromium switches that make `wav` the microphone (played once), for tests and benchmarks. */
export function fakeMicArgs(wav: string): string[] {
  return [
    '--use-fake-ui-for-media-stream',
    '--use-fake-device-for-media-stream',
    `--use-file-for-fake-audio-capture=${wav}%noloop`,
    '--autoplay-policy=no-user-gesture-required',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ];
}

/**
 * Engine switches for the end-to-end tests only (not the benchmarks): WebAssembly stays on V8's
 * baseline compiler. Every test opens the app in a fresh profile, so onnxruntime's 14 MB module
 * is compiled again each time, and its optimising tier-up took ~3 s of CPU per page load in the
 * background (a browser keeps that code in its cache; a fresh profile cannot) — on a 2-core
 * runner with two workers, CPU the recogniser and the fake microphone then waited for. Baseline
 * code runs the VAD's 32 ms frame in a few ms: what the tests check does not change.
 */
export const E2E_ENGINE_ARGS = ['--js-flags=--liftoff-only'];
