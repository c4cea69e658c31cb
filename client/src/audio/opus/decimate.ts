import { floatToPcm16 } from '@parley/shared';

/**
 * Float audio at `fromHz` as PCM16 at `toHz`, a whole fraction of it (Opus decoded at 48 kHz
 * → the reply's Opus rate: 2, 3, 4 or 6 to 1). Each output sample is the mean of the inputs it
 * stands for: the Opus stream was encoded at `toHz`, so it holds nothing above `toHz / 2` that
 * could fold back.
 */
export function decimateToPcm16(samples: Float32Array, fromHz: number, toHz: number): Int16Array {
  const factor = fromHz / toHz;
  if (!Number.isInteger(factor) || factor < 1)
    throw new RangeError(`Cannot take ${fromHz} Hz audio to ${toHz} Hz by decimation.`);
  if (factor === 1) return floatToPcm16(samples);
  const out = new Float32Array(Math.floor(samples.length / factor));
  for (let i = 0; i < out.length; i++) {
    let sum = 0;
    for (let k = 0; k < factor; k++) sum += samples[i * factor + k] ?? 0;
    out[i] = sum / factor;
  }
  return floatToPcm16(out);
}
