import type { TurnCounters } from './worklet-messages.ts';

/** Absolute level above which a rendered sample counts as non-silent. */
const NON_SILENT_THRESHOLD = 1e-4;

/**
 * What the playback worklet has rendered of each turn (samples played, non-silent ones), which
 * turns changed since the last report, and which have started: the counts the relay is told
 * were heard. The newest `maxTrackedTurns` turns are remembered, the oldest forgotten first.
 */
export class TurnPlayCounts {
  private readonly counters = new Map<number, TurnCounters>();
  private readonly started = new Set<number>();
  private readonly dirty = new Set<number>();

  constructor(private readonly maxTrackedTurns: number) {}

  /** A copy of turn `turnId`'s counters (zeros for a turn not heard of). */
  of(turnId: number): TurnCounters {
    return { ...(this.counters.get(turnId) ?? { turnId, playedSamples: 0, nonSilentSamples: 0 }) };
  }

  /** One sample of turn `turnId` rendered at `value`; true when it is the turn's first. */
  played(turnId: number, value: number): boolean {
    let c = this.counters.get(turnId);
    if (c === undefined) {
      c = { turnId, playedSamples: 0, nonSilentSamples: 0 };
      this.counters.set(turnId, c);
      this.forgetOldTurns();
    }
    c.playedSamples++;
    if (Math.abs(value) > NON_SILENT_THRESHOLD) c.nonSilentSamples++;
    this.dirty.add(turnId);
    if (this.started.has(turnId)) return false;
    this.started.add(turnId);
    return true;
  }

  /** The counters changed since the last call, and forgets that they changed. */
  takeChanged(): TurnCounters[] {
    const turns: TurnCounters[] = [];
    for (const id of this.dirty) turns.push(this.of(id));
    this.dirty.clear();
    return turns;
  }

  private forgetOldTurns(): void {
    while (this.counters.size > this.maxTrackedTurns) {
      const oldest = this.counters.keys().next();
      if (oldest.done === true) return;
      this.counters.delete(oldest.value);
      this.started.delete(oldest.value);
      this.dirty.delete(oldest.value);
    }
  }
}
