import { describe, expect, it } from 'vitest';
import { playedSamplesAtRate } from './turn-playback.ts';

const turn = (
  playedSamples: number,
  enqueuedSamples: number,
  sourceSamples: number,
  ended = true,
) => ({
  playedSamples,
  enqueuedSamples,
  sourceSamples,
  sourceRateHz: 24_000,
  ended,
});

describe('playedSamplesAtRate', () => {
  it('converts context-rate samples to the source rate', () => {
    // 48 kHz context, 24 kHz TTS: 1,001 played context samples ≈ 500.5 source samples.
    expect(playedSamplesAtRate(turn(1_001, 96_000, 48_000), 48_000, 24_000)).toBe(501);
    expect(playedSamplesAtRate(turn(44_100, 88_200, 48_000), 44_100, 24_000)).toBe(24_000);
    expect(playedSamplesAtRate(turn(44_100, 88_200, 48_000), 44_100, 16_000)).toBe(16_000);
  });

  it('gives exactly the enqueued PCM count for a turn played to its end', () => {
    // 24,001 samples at 24 kHz → 44,102 at 44.1 kHz; the conversion alone would say 24,001.36.
    expect(playedSamplesAtRate(turn(44_102, 44_102, 24_001), 44_100, 24_000)).toBe(24_001);
    expect(playedSamplesAtRate(turn(44_103, 44_103, 24_001), 44_100, 24_000)).toBe(24_001);
    // Not ended yet: never more than what was enqueued.
    expect(playedSamplesAtRate(turn(44_103, 44_103, 24_001, false), 44_100, 24_000)).toBe(24_001);
  });
});
