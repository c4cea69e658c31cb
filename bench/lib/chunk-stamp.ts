/**
 * The load generator's send time, carried inside a microphone chunk's first four samples (a
 * little-endian float64, ms of {@link monotonicMs}) so the fake recogniser in the relay process
 * can tell how long the chunk took from the client's `send` to the recogniser's `write` —
 * through the kernel, the relay's event loop queue and its handling.
 */
const STAMP_SAMPLES = 4;

/**
 * The machine's monotonic clock (`CLOCK_MONOTONIC`, ms): one clock for every process. Epoch
 * times built from `performance.timeOrigin` are not: each process fixes its origin at start,
 * and two processes' origins differ by up to a few tenths of a ms, which showed as chunk
 * latencies of 0 µs.
 */
export function monotonicMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

/** Writes `atMs` into the first samples of `samples` (at least {@link STAMP_SAMPLES} long). */
export function stampChunk(samples: Int16Array, atMs: number): void {
  new DataView(samples.buffer, samples.byteOffset, 8).setFloat64(0, atMs, true);
}

/** The stamp written by {@link stampChunk}; NaN when there is none (too short, not finite). */
export function readStamp(samples: Int16Array): number {
  if (samples.length < STAMP_SAMPLES) return Number.NaN;
  const at = new DataView(samples.buffer, samples.byteOffset, 8).getFloat64(0, true);
  return Number.isFinite(at) && at > 0 ? at : Number.NaN;
}
