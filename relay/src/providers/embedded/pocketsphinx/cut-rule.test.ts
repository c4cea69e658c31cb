import { describe, expect, it } from 'vitest';
import { KeptSamples } from '../../../audio/kept-samples.ts';
import { noise as audio } from '../../../audio/noise.test-kit.ts';
import { cutVerdict, firstHarmfulCut, type Cut, type CutJudge } from './cut-rule.ts';

/** A judge of `pcm` as heard so far (the decoder's segment gap: 200 ms). */
function judge(pcm: Int16Array, complete = false): CutJudge {
  const kept = new KeptSamples(pcm.length);
  kept.append(pcm);
  return { heard: kept.view(), segmentGapMs: 200, complete };
}

const cut = (ms: number, over: Partial<Cut> = {}): Cut => ({
  at: ms * 16,
  done: true,
  quiet: true,
  speechAfter: true,
  verdict: null,
  ...over,
});

// Words, a gap, words: a pause cut 100 ms into the gap.
const words = [500, 0.3] as [number, number];
const quiet = (ms: number) => [ms, 0.002] as [number, number];

describe('cutVerdict', () => {
  it('a cut followed by speech sooner than the decoder ends a segment cost words', () => {
    expect(cutVerdict(cut(600), true, judge(audio(words, quiet(150), words)))).toBe('harmful');
  });

  it('a cut followed by speech after a longer silence cost nothing (a hesitation)', () => {
    expect(cutVerdict(cut(600), true, judge(audio(words, quiet(400), words)))).toBe('harmless');
  });

  it('a cut with no speech after it cost nothing, once nothing more can be told of it', () => {
    const pcm = audio(words, quiet(600));
    const silent = cut(600, { speechAfter: false });
    expect(cutVerdict(silent, false, judge(pcm))).toBe('pending');
    expect(cutVerdict(silent, true, judge(pcm))).toBe('harmless');
  });

  it('waits while the speech the decoder told of has not begun in the audio heard so far', () => {
    // The decoder heard speech; the audio so far is all quiet after the cut.
    const pcm = audio(words, quiet(150));
    expect(cutVerdict(cut(600), false, judge(pcm))).toBe('pending');
    // All of it heard: no louder sound after the cut at all, the decoder's word for it stands.
    expect(cutVerdict(cut(600), true, judge(pcm, true))).toBe('harmful');
  });

  it('gives the same verdict on the audio heard in one piece or as it came', () => {
    const pcm = audio(words, quiet(150), words, quiet(300));
    const asItCame = [640, 700, 1200, 1450].map((ms) => {
      const so = pcm.subarray(0, ms * 16);
      return cutVerdict(cut(600), false, judge(Int16Array.from(so)));
    });
    // Pending until the speech after the cut shows, then the verdict of the whole.
    expect(asItCame).toEqual(['pending', 'harmful', 'harmful', 'harmful']);
    expect(cutVerdict(cut(600), true, judge(pcm, true))).toBe('harmful');
  });
});

describe('firstHarmfulCut', () => {
  const pcm = audio(words, quiet(400), words, quiet(150), words, quiet(300));

  it('finds the first cut, in order, that cost words, and keeps each verdict once final', () => {
    const cuts = [cut(600), cut(1500), cut(2300, { speechAfter: false })];
    expect(firstHarmfulCut(cuts, false, judge(pcm))).toBe(cuts[1]);
    expect(cuts.map((c) => c.verdict)).toEqual(['harmless', 'harmful', null]);
  });

  it('is pending while an earlier cut is, and null when none cost words', () => {
    const waiting = [cut(600), cut(1500, { speechAfter: false })];
    expect(firstHarmfulCut(waiting, false, judge(pcm))).toBe('pending');
    expect(firstHarmfulCut(waiting, true, judge(pcm, true))).toBeNull();
  });
});
