import { CHUNK_SAMPLES, SAMPLE_RATE_HZ } from '@parley/shared';
import type { HeardWords } from './turn-ending.ts';

/** The relay's reading of the whole sound at its pause (Moonshine's, where it writes). */
export function isReading(heard: HeardWords): boolean {
  return heard.reading === 'closed' && heard.pauseSeq !== undefined;
}

/**
 * Up to where in the capture stream the words account for the audio (ms, 16 kHz stream time:
 * the end of the last seq they cover), where the relay says: its `coversSeq`, or the pause's
 * for a reading of the whole sound up to it. `firstSeq` is the stream's first chunk's seq.
 * Undefined: not said.
 */
export function wordsCoverToMs(heard: HeardWords, firstSeq: number): number | undefined {
  const read = isReading(heard) ? heard.pauseSeq : undefined;
  const seq = read === undefined ? heard.coversSeq : Math.max(read, heard.coversSeq ?? read);
  return seq === undefined
    ? undefined
    : ((seq - firstSeq + 1) * CHUNK_SAMPLES * 1000) / SAMPLE_RATE_HZ;
}
