/**
 * Where to split a long utterance for a recogniser that reads its audio whole and was trained
 * on short stretches (Moonshine: up to ~30 s): windows of at most `maxSamples`, each ending at
 * the quietest frame of its last stretch (from `minSamples` on), so a split falls between words
 * rather than inside one. Pure.
 */

/** The frame a split is chosen among (samples: 100 ms at 16 kHz). */
const FRAME = 1_600;

/** Energy of `samples[from, from + FRAME)`. */
function energy(samples: Int16Array | Float32Array, from: number): number {
  let sum = 0;
  const to = Math.min(samples.length, from + FRAME);
  for (let i = from; i < to; i++) {
    const v = samples[i] ?? 0;
    sum += v * v;
  }
  return sum;
}

/**
 * The windows of `samples` as `[start, end)` pairs, in order, covering it whole: one where it is
 * no longer than `maxSamples`.
 */
export function audioWindows(
  samples: Int16Array | Float32Array,
  maxSamples: number,
  minSamples: number,
): [number, number][] {
  const windows: [number, number][] = [];
  let start = 0;
  while (samples.length - start > maxSamples) {
    let cut = start + maxSamples;
    let quietest = Infinity;
    for (let at = start + minSamples; at + FRAME <= start + maxSamples; at += FRAME / 2) {
      const e = energy(samples, at);
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
