/** Sample rate of all audio the client streams to the relay (Hz), mono. */
export const SAMPLE_RATE_HZ = 16_000;
/** PCM16: two bytes per sample, little-endian, signed. */
export const BYTES_PER_SAMPLE = 2;
/** Duration of one uplink audio chunk (ms). */
export const CHUNK_MS = 100;
/** Samples in one uplink audio chunk: 100 ms at 16 kHz = 1,600 samples. */
export const CHUNK_SAMPLES = (SAMPLE_RATE_HZ * CHUNK_MS) / 1000;

/** Converts milliseconds to a whole sample count at `sampleRateHz`. */
export function msToSamples(ms: number, sampleRateHz: number): number {
  return Math.round((ms * sampleRateHz) / 1000);
}
