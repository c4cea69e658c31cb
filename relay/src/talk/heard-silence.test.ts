import { describe, expect, it } from 'vitest';
import { heardSilences } from './heard-silence.ts';

describe('heardSilences', () => {
  it('counts the wait for the first audio and the gaps the audio does not fill', () => {
    // A 500 ms line at 900 ms, its end at 1400; the answer at 2600 ms: 1200 ms of silence.
    expect(
      heardSilences(0, [
        { atMs: 900, durationMs: 500 },
        { atMs: 2600, durationMs: 300 },
      ]),
    ).toEqual({ firstAudioMs: 900, longestMs: 1200 });
  });

  it('hears no gap where audio sent ahead still plays', () => {
    expect(
      heardSilences(0, [
        { atMs: 300, durationMs: 2000 },
        { atMs: 1000, durationMs: 500 },
        { atMs: 2400, durationMs: 500 },
      ]),
    ).toEqual({ firstAudioMs: 300, longestMs: 300 });
  });

  it('counts only the silence within a window (audio before it playing on into it)', () => {
    const arrivals = [
      { atMs: 100, durationMs: 600 },
      { atMs: 1500, durationMs: 300 },
      { atMs: 4000, durationMs: 300 },
    ];
    // From 500 ms (the words play until 700) to 3000 ms: 800 ms, then 1200 ms up to 3000.
    expect(heardSilences(500, arrivals, 3000).longestMs).toBe(1200);
  });

  it('says nothing of a reply without audio', () => {
    expect(heardSilences(0, [])).toEqual({ firstAudioMs: null, longestMs: null });
  });
});
