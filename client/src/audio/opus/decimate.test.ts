import { describe, expect, it } from 'vitest';
import { decimateToPcm16 } from './decimate.ts';

describe('decimateToPcm16', () => {
  it('takes 48 kHz to 24 kHz by the mean of each pair, as PCM16', () => {
    const out = decimateToPcm16(Float32Array.of(0.5, 0.5, -0.25, -0.75, 1, 1), 48_000, 24_000);
    expect([...out]).toEqual([16_384, -16_384, 32_767]);
  });

  it('keeps a 1 kHz tone at 16 kHz (3 to 1) with its amplitude', () => {
    const tone = Float32Array.from(
      { length: 4_800 },
      (_, i) => 0.5 * Math.sin((2 * Math.PI * 1_000 * i) / 48_000),
    );
    const out = decimateToPcm16(tone, 48_000, 16_000);
    expect(out.length).toBe(1_600);
    const peak = Math.max(...out) / 32_768;
    expect(peak).toBeGreaterThan(0.48);
    expect(peak).toBeLessThan(0.5);
  });

  it('refuses a rate that is not a whole fraction', () => {
    expect(() => decimateToPcm16(new Float32Array(10), 48_000, 22_050)).toThrow(RangeError);
  });
});
