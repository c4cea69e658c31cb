import type { HeardAudio } from '../../../audio/heard-audio.ts';
import { SILENCE_FLOOR_SAMPLES, silenceAfter } from '../../../audio/silence-after.ts';

/** One cut of a decode: its decoder closed the words at a pause (see `DecoderUtterance.cut`). */
export interface Cut {
  /** Where, in samples of the utterance. */
  at: number;
  /** Its decoder has told every word before it. */
  done: boolean;
  /** Once done: no speech was going on there (the words before it are settled). */
  quiet: boolean;
  /** Its decoder told of speech after it (a hypothesis or a segment) before its next cut. */
  speechAfter: boolean;
  /** What it cost, once known for good (see {@link cutVerdict}); null while it may change. */
  verdict: 'harmless' | 'harmful' | null;
}

/** What decides a cut: the utterance's audio and the decoder's own end of segment. */
export interface CutJudge {
  /** The utterance's audio (16 kHz). */
  heard: HeardAudio;
  /** Silence after which the decoder's own voice activity detector ends a segment (ms). */
  segmentGapMs: number;
  /** All the utterance's audio is heard (it ended): nothing more can decide. */
  complete: boolean;
}

/**
 * Whether a cut cost words, decided by what was heard and what the decoder said of it, never by
 * when either arrived. Harmful: its decoder told of speech after it, and that speech began
 * sooner after the cut than the decoder's own end of segment (a gap between words, not a
 * hesitation: a segment closed there mid-sentence costs words, 'what did | i just say' heard as
 * '… just they'), or no louder sound follows it at all in the whole utterance. Harmless: no
 * speech after it (its next cut is done, or the decode `ended`), or speech after a silence the
 * decoder would have ended a segment in anyway. Pending while neither is known yet: the speech
 * after it has not begun in the audio heard so far, or the decoder may still tell of some.
 *
 * Pure: the same audio, pauses and decoder output give the same verdict whatever their timing.
 *
 * @param closed no more of the decoder's output can concern this cut (its next cut is done, or
 *   the decode ended)
 */
export function cutVerdict(
  cut: Cut,
  closed: boolean,
  judge: CutJudge,
): 'harmless' | 'harmful' | 'pending' {
  if (!cut.speechAfter) return closed ? 'harmless' : 'pending';
  const { heard } = judge;
  // Read from the silence's floor before the cut on.
  const from = Math.max(0, cut.at - SILENCE_FLOOR_SAMPLES);
  const silentMs = silenceAfter(heard.copy(heard.samples, from), cut.at - from);
  if (silentMs === null) return judge.complete ? 'harmful' : 'pending';
  return silentMs >= judge.segmentGapMs ? 'harmless' : 'harmful';
}

/**
 * The first cut of a decode (in order) that cost words; 'pending' when one before any harmful
 * one is not decided yet; null when none did (so far: `ended` and `judge.complete` make it
 * final). A verdict once final is kept on its cut and not judged again.
 */
export function firstHarmfulCut(
  cuts: readonly Cut[],
  ended: boolean,
  judge: CutJudge,
): Cut | 'pending' | null {
  for (const [i, cut] of cuts.entries()) {
    if (cut.verdict === null) {
      const closed = ended || cuts[i + 1]?.done === true;
      const verdict = cutVerdict(cut, closed, judge);
      if (verdict === 'pending') return 'pending';
      cut.verdict = verdict;
    }
    if (cut.verdict === 'harmful') return cut;
  }
  return null;
}
