/**
 * The load generator's send time, carried inside a microphone chunk's first four samples (a
 * little-endian float64, epoch ms) so the fake recogniser in the relay process can tell how long
 * the chunk took from the client's `send` to the recogniser's `write` — through the kernel, the
 * relay's event loop queue and its handling. Both ends run on this machine's clock.
 */
export const STAMP_SAMPLES = 4;

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
