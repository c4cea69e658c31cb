import { heardText, type SpokenSegment } from '../../pipeline/heard-text.ts';

const KEPT_TURNS = 3;

/**
 * Where each recent reply's sentences start in its audio, so that an interrupt ("the user heard
 * N samples") maps to the words they heard. Keeps the last few turns only.
 */
export class ReplyTracker {
  private readonly turns = new Map<
    number,
    { segments: SpokenSegment[]; lastIndex: number; totalSamples: number }
  >();

  /**
   * Sentence `index` starts at `startSample`. The same index as the last one: its voice broke
   * off and it starts again here; which words the cut audio covered is unknown, so it claims
   * none (the history must never say the user heard a word they did not).
   */
  segment(turnId: number, index: number, text: string, startSample: number): void {
    const t = this.turn(turnId);
    const last = t.segments.at(-1);
    if (last && t.lastIndex === index) last.text = '';
    t.segments.push({ text, startSample });
    t.lastIndex = index;
  }

  audio(turnId: number, samples: number): void {
    this.turn(turnId).totalSamples += samples;
  }

  /** Reply audio sent so far for `turnId` (samples); 0 for a turn not tracked. */
  samples(turnId: number): number {
    return this.turns.get(turnId)?.totalSamples ?? 0;
  }

  /** What the user heard of `turnId` after `playedSamples`; null for a turn not tracked. */
  heard(turnId: number, playedSamples: number): string | null {
    const t = this.turns.get(turnId);
    return t ? heardText(t.segments, t.totalSamples, playedSamples) : null;
  }

  private turn(turnId: number) {
    let t = this.turns.get(turnId);
    if (!t) {
      t = { segments: [], lastIndex: -1, totalSamples: 0 };
      this.turns.set(turnId, t);
      for (const old of this.turns.keys()) {
        if (this.turns.size <= KEPT_TURNS) break;
        this.turns.delete(old);
      }
    }
    return t;
  }
}
