import { PlaybackQueue, type PlaybackEvent, type PlaybackQueueOptions } from './playback-queue.ts';

/** Helpers shared by the PlaybackQueue tests: synthetic buffers and a render loop in quanta. */

export const QUANTUM = 128;
export const RATE = 48_000;

export function queue(overrides: Partial<PlaybackQueueOptions> = {}): PlaybackQueue {
  return new PlaybackQueue({
    sampleRateHz: RATE,
    statsIntervalFrames: 2_400,
    stopRampFrames: 240,
    ...overrides,
  });
}

/** Renders `quanta` render quanta from context frame `startFrame`; returns output and events. */
export function render(
  q: PlaybackQueue,
  quanta: number,
  startFrame = 0,
): { out: Float32Array; events: PlaybackEvent[] } {
  const out = new Float32Array(quanta * QUANTUM);
  const events: PlaybackEvent[] = [];
  for (let k = 0; k < quanta; k++) {
    events.push(
      ...q.render(out.subarray(k * QUANTUM, (k + 1) * QUANTUM), startFrame + k * QUANTUM),
    );
  }
  return { out, events };
}

/** A queue and its render clock: each `render` continues from the frame the last one ended at. */
export class Rig {
  frame = 0;
  constructor(readonly q: PlaybackQueue) {}

  render(quanta: number): { out: Float32Array; events: PlaybackEvent[] } {
    const result = render(this.q, quanta, this.frame);
    this.frame += quanta * QUANTUM;
    return result;
  }
}

export const ofType = <T extends PlaybackEvent['type']>(events: PlaybackEvent[], type: T) =>
  events.filter((e): e is Extract<PlaybackEvent, { type: T }> => e.type === type);

export function constant(value: number, n: number): Float32Array {
  return new Float32Array(n).fill(value);
}

/**
 * Sample k holds 0.5 + k / 2¹⁶ (n ≤ 2¹⁶): every position is distinct, exact in float32, and loud
 * enough to count as non-silent even at the smallest non-zero ramp gain.
 */
export function positions(n: number): Float32Array {
  return Float32Array.from({ length: n }, (_, k) => tapeValue(k));
}

/** Value of position `k` of a `positions` tape. */
export const tapeValue = (k: number): number => 0.5 + k / 65_536;
