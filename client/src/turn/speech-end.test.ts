import { describe, expect, it } from 'vitest';
import { SpeechEndRefiner } from './speech-end.ts';

/** 16 kHz: `speech` samples of a 200 Hz tone at `amp`, then silence (or noise at `noise`). */
function utterance(speech: number, total: number, amp = 0.3, noise = 0) {
  let seed = 7;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * 2 - 1;
  return Float32Array.from({ length: total }, (_, i) =>
    i < speech ? amp * Math.sin((2 * Math.PI * 200 * i) / 16_000) + noise * rand() : noise * rand(),
  );
}

function feed(r: SpeechEndRefiner, audio: Float32Array, from = 0, block = 320) {
  for (let at = 0; at < audio.length; at += block) {
    const b = audio.subarray(at, at + block);
    let sum = 0;
    for (const x of b) sum += x * x;
    r.push(b, from + at, 10 * Math.log10(sum / b.length));
  }
}

describe('SpeechEndRefiner', () => {
  it('finds the last loud sample in digital silence, whatever the VAD frame said', () => {
    const r = new SpeechEndRefiner();
    feed(r, utterance(12_345, 24_000), 100_000);
    // The VAD put the end on a frame boundary 300 samples late, or 400 early.
    for (const vadEnd of [112_645, 111_945]) {
      const end = r.refine(vadEnd);
      expect(Math.abs(end - 112_345)).toBeLessThanOrEqual(80); // within one tone half-period
    }
  });

  it('sets its threshold above the noise floor of the room', () => {
    const r = new SpeechEndRefiner();
    feed(r, utterance(16_000, 32_000, 0.3, 0.01)); // noise at -40 dBFS
    expect(r.noiseFloorDb).toBeGreaterThan(-50);
    expect(Math.abs(r.refine(16_500) - 16_000)).toBeLessThanOrEqual(80);
  });

  it('keeps the VAD end when the audio is gone or silent', () => {
    const r = new SpeechEndRefiner({ keepSamples: 8_000 });
    feed(r, utterance(1_000, 40_000));
    expect(r.refine(1_000)).toBe(1_000); // long dropped from the buffer
    expect(r.refine(39_000)).toBe(39_000); // nothing loud near it
  });

  it('hands out the audio it keeps before a point, for the voice at a pause', () => {
    const r = new SpeechEndRefiner({ keepSamples: 8_000 });
    const audio = utterance(36_000, 40_000);
    feed(r, audio);
    expect(r.before(38_000, 4_800)).toEqual(audio.slice(33_200, 38_000));
    // Only what is kept: the start of the window was dropped, the end not captured yet.
    const clipped = r.before(30_000, 20_000) ?? new Float32Array(0);
    expect(clipped.length).toBeGreaterThan(0);
    expect(clipped.length).toBeLessThan(20_000);
    expect(clipped).toEqual(audio.slice(30_000 - clipped.length, 30_000));
    expect(r.before(45_000, 1_000)).toBeNull();
    expect(r.before(1_000, 500)).toBeNull();
  });
});
