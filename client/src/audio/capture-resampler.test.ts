import { describe, expect, it } from 'vitest';
import { rms } from '@parley/shared';
import { CaptureResampler, type ResampledBlock } from './capture-resampler.ts';

function tone(freqHz: number, rateHz: number, samples: number, firstSample = 0): Float32Array {
  return Float32Array.from(
    { length: samples },
    (_, i) => 0.5 * Math.sin((2 * Math.PI * freqHz * (firstSample + i)) / rateHz),
  );
}

/** Feeds `seconds` of a 440 Hz tone in 20 ms blocks starting at context frame `startFrame`. */
function capture(
  rateHz: number,
  seconds: number,
  startFrame = 0,
): { r: CaptureResampler; blocks: ResampledBlock[] } {
  const r = new CaptureResampler({ inputRateHz: rateHz });
  const block = Math.round(rateHz * 0.02);
  const blocks: ResampledBlock[] = [];
  for (let i = 0; i < rateHz * seconds; i += block) {
    const out = r.push(tone(440, rateHz, block, i), startFrame + i);
    if (out !== null) blocks.push(out);
  }
  return { r, blocks };
}

describe('CaptureResampler', () => {
  it.each([44_100, 48_000, 22_050])(
    'produces a gapless 16 kHz stream from %i Hz blocks',
    (rate) => {
      const { r, blocks } = capture(rate, 1, 1_000_000);
      let next = 0;
      for (const b of blocks) {
        expect(b.firstSample).toBe(next);
        next += b.samples.length;
      }
      // All of one second except the filter's look-ahead (under 2 ms).
      expect(next).toBeGreaterThan(16_000 - 32);
      expect(next).toBeLessThanOrEqual(16_000);
      expect(r.nextSample).toBe(next);
    },
  );

  it('tags each block with the context frame of its first sample', () => {
    const { blocks } = capture(44_100, 0.5, 12_345);
    for (const b of blocks)
      expect(b.firstFrame).toBeCloseTo(12_345 + (b.firstSample * 44_100) / 16_000, 9);
  });

  it('keeps the signal: a 440 Hz tone comes out at the same level and phase', () => {
    const { blocks } = capture(44_100, 0.5);
    const all = new Float32Array(blocks.reduce((n, b) => n + b.samples.length, 0));
    let o = 0;
    for (const b of blocks) {
      all.set(b.samples, o);
      o += b.samples.length;
    }
    expect(rms(all.subarray(800, 7000))).toBeCloseTo(0.5 / Math.SQRT2, 2);
    // Phase: output n ≈ the tone at time n / 16 kHz.
    const n = 4000;
    expect(all[n]).toBeCloseTo(0.5 * Math.sin((2 * Math.PI * 440 * n) / 16_000), 2);
  });

  it('fills a short gap with silence so positions stay tied to time', () => {
    const r = new CaptureResampler({ inputRateHz: 48_000 });
    r.push(new Float32Array(960), 0);
    const out = r.push(new Float32Array(960).fill(0.5), 960 + 480); // 10 ms missing
    expect(r.gapFilledFrames).toBe(480);
    expect(out?.firstFrame).toBeCloseTo((out?.firstSample ?? 0) * 3, 9);
    // The 0.5 plateau starts at 16 kHz index (960 + 480) / 3 = 480.
    const plateauAt = (out?.samples.findIndex((x) => x > 0.25) ?? 0) + (out?.firstSample ?? 0);
    expect(plateauAt).toBe(480);
  });

  it('restarts after a long gap, keeping indices proportional to time', () => {
    const r = new CaptureResampler({ inputRateHz: 48_000, maxGapFillSec: 1 });
    r.push(new Float32Array(48_000), 0);
    const out = r.push(new Float32Array(48_000), 48_000 * 5);
    expect(r.restarts).toBe(1);
    expect(r.gapFilledFrames).toBe(0);
    // The new run's first sample sits at 5 s = 80,000 samples of 16 kHz.
    const next = r.push(new Float32Array(960), 48_000 * 6);
    const first = out ?? next;
    expect(first?.firstSample).toBe(80_000);
    expect(first?.firstFrame).toBe(240_000);
  });
});
