import type { CallState } from './call-state.ts';

/**
 * Where the call is (idle, starting, listening, speaking…): the call's own, shown to the page
 * each time it is set. What acts on it — a typed message refused while a call opens, the
 * reply's level meter, the link's own sounds — reads it here, not from what the page shows.
 */
export class CallPhase {
  private phase: CallState = 'idle';
  private readonly followers = new Set<(phase: CallState) => void>();

  /** @param show tells the page (every set, as the store's `setCall` was called) */
  constructor(private readonly show: (phase: CallState) => void) {}

  get current(): CallState {
    return this.phase;
  }

  /** The call is at `phase` now: shown, then its followers hear of a change. */
  set(phase: CallState): void {
    const changed = phase !== this.phase;
    this.phase = phase;
    this.show(phase);
    if (changed) for (const follower of [...this.followers]) follower(phase);
  }

  /** `follower` hears each change from now on; returns the function that stops it. */
  follow(follower: (phase: CallState) => void): () => void {
    this.followers.add(follower);
    return () => {
      this.followers.delete(follower);
    };
  }
}
