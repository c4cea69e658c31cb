/**
 * Where to split a long utterance for a recogniser that reads its audio whole and was trained
 * on short stretches (Moonshine: up to ~30 s): windows of at most `maxSamples`, each ending at
 * the quietest frame of its last stretch (from `minSamples` on), so a split falls between words
 * rather than inside one. Pure.
 */

import { rms } from '@parley/shared';

/** The frame a split is chosen among (samples: 100 ms at 16 kHz). */
const FRAME = 1_600;

/** The level of `audio`'s frame of `length` samples from `from` (RMS). */
const level = (audio: Float32Array, from: number, length: number) =>
  rms(audio.subarray(from, from + length));

/**
 * The windows of `samples` as `[start, end)` pairs, in order, covering it whole: one where it is
 * no longer than `maxSamples`.
 */
export function audioWindows(
  samples: Float32Array,
  maxSamples: number,
  minSamples: number,
): [number, number][] {
  const windows: [number, number][] = [];
  let start = 0;
  while (samples.length - start > maxSamples) {
    let cut = start + maxSamples;
    let quietest = Infinity;
    for (let at = start + minSamples; at + FRAME <= start + maxSamples; at += FRAME / 2) {
      const e = level(samples, at, FRAME);
      if (e < quietest) {
        quietest = e;
        cut = at + FRAME / 2;
      }
    }
    windows.push([start, cut]);
    start = cut;
  }
  windows.push([start, samples.length]);
  return windows;
}

/** Frames speech is looked for in (samples: 10 ms at 16 kHz). */
const SPEECH_FRAME = 160;
/** A frame this far below the loudest one is not speech (dB), nor one below the floor (dBFS). */
const BELOW_LOUDEST_DB = 35;
const FLOOR_DBFS = -50;
/** Kept around the speech (samples): a soft onset before it, a fading last sound after it. */
const PAD_BEFORE = 4_000;
const PAD_AFTER = 4_800;

/** The level under which a frame of `audio` is not speech (RMS, of full scale). */
function speechLevel(audio: Float32Array): number {
  let loudest = 0;
  for (let at = 0; at < audio.length; at += SPEECH_FRAME)
    loudest = Math.max(loudest, level(audio, at, SPEECH_FRAME));
  return Math.max(loudest * 10 ** (-BELOW_LOUDEST_DB / 20), 10 ** (FLOOR_DBFS / 20));
}

/**
 * Where the speech in `audio` is, padded (`[start, end)`), or null where there is none: a
 * recogniser that reads audio whole hears it without the silences around it (Moonshine hears
 * nothing, or words that were not said, in a second of silence after a sentence).
 */
export function speechSpan(audio: Float32Array): [number, number] | null {
  const floor = speechLevel(audio);
  let first = -1;
  let last = -1;
  for (let at = 0; at < audio.length; at += SPEECH_FRAME) {
    if (level(audio, at, SPEECH_FRAME) < floor) continue;
    if (first < 0) first = at;
    last = at + SPEECH_FRAME;
  }
  if (first < 0) return null;
  return [Math.max(0, first - PAD_BEFORE), Math.min(audio.length, last + PAD_AFTER)];
}

/** Whether `audio` from `from` on holds no speech, as {@link speechSpan} hears it in all of it. */
export function silentAfter(audio: Float32Array, from: number): boolean {
  const floor = speechLevel(audio);
  for (let at = from; at < audio.length; at += SPEECH_FRAME)
    if (level(audio, at, SPEECH_FRAME) >= floor) return false;
  return true;
}
