import { SAMPLE_RATE_HZ, pcm16ToFloat, rmsDbfs } from '@parley/shared';

/** Frames the audio is judged in (ms). */
const FRAME_MS = 10;
const FRAME_SAMPLES = (SAMPLE_RATE_HZ * FRAME_MS) / 1000;
/** The silence's level is that of this much audio before the point it is measured from (ms). */
const FLOOR_MS = 50;
/** Audio before the point {@link silenceAfter} reads (samples): a caller may give no more. */
export const SILENCE_FLOOR_SAMPLES = (FLOOR_MS * SAMPLE_RATE_HZ) / 1000;
/** Louder than the silence by this much (dB) is sound: speech starting again. */
const ONSET_DB = 12;
/** A silence quieter than this (dBFS) counts as this loud: digital silence, dither. */
const QUIETEST_DB = -70;

/**
 * How long 16 kHz mono PCM16 `pcm` stays silent after `fromSample` (ms), a point inside a
 * silence: until the first 10 ms louder by {@link ONSET_DB} dB than the 50 ms before that point
 * (the quietest 10 ms of it: the silence's own level, a room's noise, a microphone's hiss). Null when no such frame
 * follows (nothing louder yet in the audio given). Pure.
 */
export function silenceAfter(pcm: Int16Array, fromSample: number): number | null {
  // The quietest 10 ms of the 50 before: the last word's tail may reach into them.
  let quietest = Number.POSITIVE_INFINITY;
  const floorFrom = Math.max(0, fromSample - SILENCE_FLOOR_SAMPLES);
  for (let at = floorFrom; at + FRAME_SAMPLES <= fromSample; at += FRAME_SAMPLES)
    quietest = Math.min(quietest, level(pcm, at, at + FRAME_SAMPLES));
  const floor = Number.isFinite(quietest) ? Math.max(QUIETEST_DB, quietest) : QUIETEST_DB;
  for (let at = fromSample; at + FRAME_SAMPLES <= pcm.length; at += FRAME_SAMPLES) {
    if (level(pcm, at, at + FRAME_SAMPLES) > floor + ONSET_DB)
      return ((at - fromSample) * 1000) / SAMPLE_RATE_HZ;
  }
  return null;
}

function level(pcm: Int16Array, from: number, to: number): number {
  return from >= to ? Number.NEGATIVE_INFINITY : rmsDbfs(pcm16ToFloat(pcm.subarray(from, to)));
}
