import { describe, expect, it } from 'vitest';
import { prosodyAtPause } from './prosody.ts';
import { glide, speech } from './voice.test-kit.ts';

/** Three even syllables of 120 ms at 180 Hz, 60 ms apart, then `last`, then the pause. */
const words = (last: Float32Array) =>
  speech(glide(180, 180, 120), 60, glide(182, 178, 120), 60, glide(178, 180, 120), 60, last);

describe('prosodyAtPause', () => {
  it("hears a statement's end: the pitch falls over a drawn-out last syllable", () => {
    const p = prosodyAtPause(words(glide(180, 135, 260)));
    expect(p.pitch).toBe('falling');
    expect(p.moveSt).toBeLessThan(-4);
    expect(p.lastVoicedMs).toBeGreaterThan(220);
    expect(p.typicalVoicedMs).toBeGreaterThan(90);
    expect(p.typicalVoicedMs).toBeLessThan(150);
  });

  it('hears a voice going on: level pitch, a clipped last syllable', () => {
    const p = prosodyAtPause(words(glide(180, 178, 60)));
    expect(p.pitch).toBe('level');
    expect(p.lastVoicedMs).toBeLessThan(80);
  });

  it('hears a rise, and nothing where there is no voice', () => {
    expect(prosodyAtPause(words(glide(160, 210, 150))).pitch).toBe('rising');
    expect(prosodyAtPause(new Float32Array(16_000))).toEqual({
      pitch: 'unknown',
      moveSt: 0,
      lastVoicedMs: null,
      typicalVoicedMs: null,
    });
  });

  it('bridges a short slip in the voicing, and leaves out a blip too short to be a syllable', () => {
    const slipped = speech(glide(180, 150, 100), 15, glide(150, 140, 100));
    expect(prosodyAtPause(words(slipped)).lastVoicedMs).toBeGreaterThan(180);
    const blip = speech(glide(180, 140, 200), 60, glide(150, 150, 15));
    expect(prosodyAtPause(words(blip)).pitch).toBe('falling');
  });
});
