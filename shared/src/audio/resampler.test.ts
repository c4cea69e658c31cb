import { describe, expect, it } from 'vitest';
import { concat } from './concat.ts';
import { rms } from './pcm.ts';
import { Resampler, resampleAll } from './resampler.ts';

function tone(freqHz: number, rateHz: number, seconds: number, amplitude = 0.5): Float32Array {
  const out = new Float32Array(Math.round(rateHz * seconds));
  for (let i = 0; i < out.length; i++)
    out[i] = amplitude * Math.sin((2 * Math.PI * freqHz * i) / rateHz);
  return out;
}

/** RMS of the middle of a signal, away from the filter's start-up and tail. */
function steadyRms(x: Float32Array): number {
  const margin = Math.floor(x.length * 0.1);
  return rms(x.subarray(margin, x.length - margin));
}

/** Feeds `input` in blocks of `block` samples, as an AudioWorklet would. */
function streamed(input: Float32Array, from: number, to: number, block: number): Float32Array {
  const r = new Resampler({ inputRateHz: from, outputRateHz: to });
  const parts: Float32Array[] = [];
  for (let i = 0; i < input.length; i += block) parts.push(r.process(input.subarray(i, i + block)));
  parts.push(r.flush());
  return concat(Float32Array, parts);
}

describe('Resampler', () => {
  it.each([48_000, 44_100])('keeps a 1 kHz tone at %i Hz → 16 kHz with its amplitude', (rate) => {
    const input = tone(1000, rate, 1);
    const out = streamed(input, rate, 16_000, 128);
    expect(out.length).toBe(16_000);
    const ratio = steadyRms(out) / steadyRms(input);
    expect(ratio).toBeGreaterThan(0.98);
    expect(ratio).toBeLessThan(1.02);
  });

  it.each([48_000, 44_100])(
    'attenuates a 12 kHz tone at %i Hz → 16 kHz by at least 40 dB',
    (rate) => {
      const input = tone(12_000, rate, 1);
      const out = streamed(input, rate, 16_000, 128);
      const db = 20 * Math.log10(steadyRms(out) / steadyRms(input));
      expect(db).toBeLessThan(-40);
    },
  );

  it('is not linear interpolation: a 7 kHz tone (near the new Nyquist) is not smeared', () => {
    // Linear interpolation would attenuate 7 kHz at 48k→16k only mildly, but also alias 9 kHz
    // into 7 kHz. Check that 9 kHz (above the 8 kHz Nyquist) is removed.
    const out = resampleAll(tone(9_000, 48_000, 0.5), 48_000, 16_000);
    expect(20 * Math.log10(steadyRms(out) / 0.3535)).toBeLessThan(-30);
  });

  it('gives the same result whatever the block size', () => {
    const input = tone(440, 44_100, 0.3);
    const a = streamed(input, 44_100, 16_000, 128);
    const b = streamed(input, 44_100, 16_000, 1000);
    expect(a.length).toBe(b.length);
    let maxDiff = 0;
    for (let i = 0; i < a.length; i++)
      maxDiff = Math.max(maxDiff, Math.abs((a[i] ?? 0) - (b[i] ?? 0)));
    expect(maxDiff).toBeLessThan(1e-6);
  });

  it('upsamples 16 kHz → 24 kHz keeping a 1 kHz tone and producing the right length', () => {
    const input = tone(1000, 16_000, 1);
    const out = resampleAll(input, 16_000, 24_000);
    expect(out.length).toBe(24_000);
    expect(steadyRms(out) / steadyRms(input)).toBeCloseTo(1, 1);
  });

  it('passes DC through with unity gain', () => {
    const out = resampleAll(new Float32Array(4800).fill(0.25), 48_000, 16_000);
    expect(out[800]).toBeCloseTo(0.25, 4);
  });

  it('handles a ratio with a large reduced denominator', () => {
    const out = resampleAll(tone(500, 44_101, 0.5), 44_101, 16_000);
    expect(Math.abs(out.length - 8000)).toBeLessThanOrEqual(1);
    expect(steadyRms(out)).toBeCloseTo(0.3535, 2);
  });

  it('rejects nonsensical rates', () => {
    expect(() => new Resampler({ inputRateHz: 0, outputRateHz: 16_000 })).toThrow(RangeError);
    expect(() => new Resampler({ inputRateHz: 44_100.5, outputRateHz: 16_000 })).toThrow(
      RangeError,
    );
  });
});
