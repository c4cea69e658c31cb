import { describe, expect, it } from 'vitest';
import { SAMPLE_RATE_HZ } from '@parley/shared';
import { replaySound } from './replay-sound.ts';

/** A loud sound of `ms` (a 180 Hz tone, -13 dBFS): the onset is its first sample. */
function loud(ms: number): Float32Array {
  const samples = new Float32Array((ms * SAMPLE_RATE_HZ) / 1000);
  for (let i = 0; i < samples.length; i++)
    samples[i] = 0.3 * Math.sin((2 * Math.PI * 180 * i) / SAMPLE_RATE_HZ);
  return samples;
}

describe('replaySound: a sound over the reply judged again as the app judges it', () => {
  it('holds a sound whose words ("yeah") reach only its start, past the usual hold, and stops the reply on the words that reach its end (the page\'s coverage, issue 61 item 5)', () => {
    const r = replaySound(
      loud(1_000),
      [
        { ms: 300, text: 'yeah', spotted: [], coveredMs: 100 },
        // Past the end's usual hold for late words (1.5 s after the segment closed).
        { ms: 3_500, text: 'wait', spotted: [], coveredMs: 1_100 },
      ],
      undefined,
      true,
    );
    expect(r).toMatchObject({ action: 'stop', reason: 'stop word "wait"', words: 'wait' });
    expect(r.onsetToStopMs).toBeCloseTo(3_500, -2);
  });

  it("gives the reply back on a backchannel whose words reach the sound's end, as before", () => {
    const r = replaySound(
      loud(600),
      [{ ms: 450, text: 'yeah', spotted: [], coveredMs: 700 }],
      undefined,
      true,
    );
    expect(r).toMatchObject({ action: 'resume', reason: 'backchannel "yeah"' });
    expect(r.endToResumeMs).toBeLessThan(300);
  });

  it('judges a run whose relay said nothing of coverage as before: the words decide as they come', () => {
    const r = replaySound(loud(1_000), [
      { ms: 300, text: 'yeah', spotted: [] },
      { ms: 3_500, text: 'wait', spotted: [] },
    ]);
    expect(r).toMatchObject({ action: 'resume', reason: 'backchannel "yeah"' });
  });
});
