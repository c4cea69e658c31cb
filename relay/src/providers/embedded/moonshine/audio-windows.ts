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

/** Frames speech is looked for in (samples: 10 ms at 16 kHz), from the audio's start. */
export const SPEECH_FRAME = 160;
/** A frame this far below the loudest one is not speech (dB), nor one below the floor (dBFS). */
const BELOW_LOUDEST_DB = 35;
const FLOOR_DBFS = -50;
/** Kept before the speech (a soft onset), and silence given after it (samples). */
const PAD_BEFORE = 4_000;
const PAD_AFTER = 4_800;

/** The level under which a frame is not speech, after a loudest frame of `loudest` (RMS). */
export function speechFloor(loudest: number): number {
  return Math.max(loudest * 10 ** (-BELOW_LOUDEST_DB / 20), 10 ** (FLOOR_DBFS / 20));
}

/** The level under which a frame of `audio` is not speech (RMS, of full scale). */
function speechLevel(audio: Float32Array): number {
  let loudest = 0;
  for (let at = 0; at < audio.length; at += SPEECH_FRAME)
    loudest = Math.max(loudest, level(audio, at, SPEECH_FRAME));
  return speechFloor(loudest);
}

/** The first and the last frame of `audio` at or above its speech level, or null: none. */
function speechFrames(audio: Float32Array): { first: number; end: number } | null {
  const floor = speechLevel(audio);
  let first = -1;
  let end = -1;
  for (let at = 0; at < audio.length; at += SPEECH_FRAME) {
    if (level(audio, at, SPEECH_FRAME) < floor) continue;
    if (first < 0) first = at;
    end = Math.min(audio.length, at + SPEECH_FRAME);
  }
  return first < 0 ? null : { first, end };
}

/**
 * Where the speech in `audio` ends (samples: the end of its last frame at or above the speech
 * level), or null where there is none. The same for any audio that holds the speech whole,
 * however much silence follows it.
 */
export function speechEnd(audio: Float32Array): number | null {
  return speechFrames(audio)?.end ?? null;
}

/**
 * What a recogniser that reads audio whole is given of `audio`: its speech, from a little
 * before it (a soft onset), then a fixed stretch of digital silence — not whatever followed the
 * speech in `audio` — or null where there is none (Moonshine hears nothing, or words that were
 * not said, in a second of silence after a sentence). How much audio followed the speech
 * depends on when a pause or the end of the utterance was told (a stall, a burst of replayed
 * frames), and Moonshine's words changed with it ("… in a castle" read "… and a castle" as
 * that silence grew): given this, the same speech is read as the same words (issue 61, item 4).
 * Pure.
 */
export function speechToRead(audio: Float32Array): Float32Array | null {
  const frames = speechFrames(audio);
  if (frames === null) return null;
  const start = Math.max(0, frames.first - PAD_BEFORE);
  const out = new Float32Array(frames.end - start + PAD_AFTER);
  out.set(audio.subarray(start, frames.end));
  return out;
}

/**
 * Whether `audio` from `from` on holds no speech, as {@link speechEnd} hears it in all of it:
 * then a reading of `audio` up to `from` is a reading of all of it (see {@link speechToRead}).
 */
export function silentAfter(audio: Float32Array, from: number): boolean {
  const end = speechEnd(audio);
  return end === null || end <= from;
}
