import { describe, expect, it } from 'vitest';
import { fft, nextPowerOfTwo } from './fft.ts';

describe('fft', () => {
  it('matches a direct DFT and inverts back', () => {
    const n = 64;
    const x = Float64Array.from({ length: n }, (_, i) => Math.sin(i * 0.7) + (i % 5) * 0.1);
    const re = Float64Array.from(x);
    const im = new Float64Array(n);
    fft(re, im);
    for (const k of [0, 1, 7, 31, 32, 63]) {
      let dRe = 0;
      let dIm = 0;
      for (let t = 0; t < n; t++) {
        dRe += (x[t] ?? 0) * Math.cos((-2 * Math.PI * k * t) / n);
        dIm += (x[t] ?? 0) * Math.sin((-2 * Math.PI * k * t) / n);
      }
      expect(re[k]).toBeCloseTo(dRe, 9);
      expect(im[k]).toBeCloseTo(dIm, 9);
    }
    fft(re, im, true);
    for (let t = 0; t < n; t++) {
      expect(re[t]).toBeCloseTo(x[t] ?? 0, 12);
      expect(im[t]).toBeCloseTo(0, 12);
    }
  });

  it('rejects lengths that are not powers of two', () => {
    expect(() => fft(new Float64Array(6), new Float64Array(6))).toThrow(RangeError);
    expect(nextPowerOfTwo(1)).toBe(1);
    expect(nextPowerOfTwo(10_400)).toBe(16_384);
  });
});
