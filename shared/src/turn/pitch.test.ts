import { describe, expect, it } from 'vitest';
import { pitchTrack } from './pitch.ts';
import { glide, speech } from './voice.test-kit.ts';

const voiced = (track: ReturnType<typeof pitchTrack>) =>
  track.flatMap((f) => (f.f0Hz === null ? [] : [f.f0Hz]));

describe('pitchTrack', () => {
  it('finds a steady voice within a hertz or two, across a speaking range', () => {
    for (const hz of [85, 120, 180, 250, 330]) {
      const f0 = voiced(pitchTrack(glide(hz, hz, 300)));
      expect(f0.length).toBeGreaterThan(15);
      for (const f of f0) expect(Math.abs(f - hz)).toBeLessThan(hz * 0.02);
    }
  });

  it('follows a falling voice, frame by frame', () => {
    const f0 = voiced(pitchTrack(glide(200, 140, 400)));
    expect(f0[0]).toBeGreaterThan(185);
    expect(f0.at(-1)).toBeLessThan(155);
    expect(f0.every((f, i) => i === 0 || f <= (f0[i - 1] ?? 0) + 1)).toBe(true);
  });

  it('hears no pitch in silence or noise', () => {
    expect(voiced(pitchTrack(new Float32Array(8_000)))).toEqual([]);
    let seed = 1;
    const noise = Float32Array.from({ length: 8_000 }, () => {
      seed = (seed * 16_807) % 2_147_483_647;
      return (seed / 2_147_483_647 - 0.5) * 0.6;
    });
    expect(voiced(pitchTrack(noise)).length).toBeLessThan(3);
  });

  it('places each frame where its window ends', () => {
    const track = pitchTrack(speech(200, glide(150, 150, 300)));
    const first = track.find((f) => f.f0Hz !== null);
    // The first voiced frame's window reaches into the voice (lookahead of up to a 60 Hz period).
    expect(first?.endMs).toBeGreaterThan(200);
    expect(first?.endMs).toBeLessThan(280);
  });
});
