import { describe, expect, it } from 'vitest';
import { PauseDetector } from './pause-detector.ts';

const detector = () =>
  new PauseDetector({ pauseMs: 200, frameMs: 32, positiveThreshold: 0.3, negativeThreshold: 0.25 });

/** Feeds probabilities; returns the events by frame index. */
function feed(d: PauseDetector, probs: number[]): string[] {
  return probs.flatMap((p, i) => {
    const e = d.frame(p);
    return e ? [`${e.type}@${i}`] : [];
  });
}

describe('PauseDetector', () => {
  it('reports a pause after 200 ms of silence (7 frames of 32 ms), once', () => {
    const d = detector();
    expect(feed(d, [0.9, 0.9, ...Array<number>(10).fill(0.05)])).toEqual(['pause@8']);
  });

  it('reports speech resuming after a pause', () => {
    const d = detector();
    expect(feed(d, [0.9, ...Array<number>(7).fill(0.05), 0.8, 0.9])).toEqual([
      'pause@7',
      'resume@8',
    ]);
  });

  it('ignores dips shorter than the pause and frames between the thresholds', () => {
    const d = detector();
    expect(
      feed(d, [0.9, 0.1, 0.1, 0.1, 0.9, 0.27, 0.27, 0.27, 0.27, 0.27, 0.27, 0.27, 0.27]),
    ).toEqual([]);
  });

  it('starts afresh after reset', () => {
    const d = detector();
    feed(d, Array<number>(7).fill(0));
    d.reset();
    expect(feed(d, [0.9])).toEqual([]);
  });
});
