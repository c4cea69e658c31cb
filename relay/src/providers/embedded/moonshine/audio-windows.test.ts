import { describe, expect, it } from 'vitest';
import { audioWindows, silentAfter, speechEnd, speechToRead } from './audio-windows.ts';

/** `seconds` of a loud tone at 16 kHz, silent over `[from, to)` (s). */
function toneWithGap(seconds: number, from: number, to: number): Float32Array {
  const out = new Float32Array(seconds * 16_000);
  for (let i = 0; i < out.length; i++) {
    const t = i / 16_000;
    out[i] = t >= from && t < to ? 0 : 0.5 * Math.sin(2 * Math.PI * 200 * t);
  }
  return out;
}

describe('audioWindows', () => {
  it('reads a short utterance whole', () => {
    expect(audioWindows(new Float32Array(16_000 * 5), 16_000 * 25, 16_000 * 15)).toEqual([
      [0, 80_000],
    ]);
  });

  it('splits a long one in the quiet stretch between its words, covering it all', () => {
    const audio = toneWithGap(40, 18, 18.4);
    const windows = audioWindows(audio, 16_000 * 25, 16_000 * 15);
    expect(windows).toHaveLength(2);
    const [first, second] = windows;
    const cut = first?.[1] ?? 0;
    expect(cut / 16_000).toBeGreaterThanOrEqual(18);
    expect(cut / 16_000).toBeLessThanOrEqual(18.4);
    expect(second).toEqual([cut, audio.length]);
  });

  it('never makes a window longer than the most it may be', () => {
    const audio = toneWithGap(100, 200, 200);
    const windows = audioWindows(audio, 16_000 * 25, 16_000 * 15);
    expect(windows.every(([a, b]) => b - a <= 16_000 * 25)).toBe(true);
    expect(windows[0]?.[0]).toBe(0);
    expect(windows.at(-1)?.[1]).toBe(audio.length);
    for (let i = 1; i < windows.length; i++) expect(windows[i]?.[0]).toBe(windows[i - 1]?.[1]);
  });
});

/** `seconds` of a quiet hiss (-60 dBFS), loud (a tone) over `[from, to)` (s). */
function speechIn(seconds: number, from: number, to: number): Float32Array {
  const out = new Float32Array(seconds * 16_000);
  for (let i = 0; i < out.length; i++) {
    const t = i / 16_000;
    out[i] = t >= from && t < to ? 0.3 * Math.sin(2 * Math.PI * 220 * t) : i % 2 ? 0.001 : -0.001;
  }
  return out;
}

describe('speechToRead', () => {
  it('keeps the speech and a little before it, then a fixed silence, not the silences heard', () => {
    const read = speechToRead(speechIn(4, 1, 2.5));
    expect(read).not.toBeNull();
    // From 0.25 s before the speech to 0.3 s after it.
    expect((read?.length ?? 0) / 16_000).toBeCloseTo(1.5 + 0.25 + 0.3, 2);
    expect(read?.subarray(-4_800).every((x) => x === 0)).toBe(true);
  });

  it('gives the same speech the same audio, whatever silence follows it', () => {
    const heard = speechIn(4, 1, 2.5);
    const read = speechToRead(heard);
    const same = (a: Float32Array | null) =>
      a !== null && read !== null && a.length === read.length && a.every((x, i) => x === read[i]);
    for (const endS of [2.5, 2.55, 2.7, 3, 4])
      expect(same(speechToRead(heard.subarray(0, endS * 16_000))), `ending at ${endS} s`).toBe(
        true,
      );
  });

  it('finds none in silence', () => {
    expect(speechToRead(new Float32Array(16_000))).toBeNull();
    expect(speechToRead(speechIn(1, 2, 2))).toBeNull();
    expect(speechEnd(speechIn(1, 2, 2))).toBeNull();
  });
});

describe('silentAfter', () => {
  it('tells whether speech came after a point', () => {
    const audio = speechIn(4, 1, 2.5);
    expect(silentAfter(audio, 16_000 * 2.6)).toBe(true);
    expect(silentAfter(audio, 16_000 * 2)).toBe(false);
  });
});
