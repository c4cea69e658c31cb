/** A pause inside an utterance, or speech again after one. */
export type PauseEvent = { type: 'pause' } | { type: 'resume' };

/**
 * Finds short pauses inside an utterance from the VAD's per-frame speech probability: after
 * `pauseMs` of frames below `negativeThreshold` it reports a pause (the relay may start
 * answering speculatively); the next frame above `positiveThreshold` reports speech resuming
 * (the speculation is stale). Pure; reset it when the utterance ends.
 */
export class PauseDetector {
  private silence = 0;
  private paused = false;

  constructor(
    private readonly o: {
      pauseMs: number;
      frameMs: number;
      positiveThreshold: number;
      negativeThreshold: number;
    },
  ) {}

  /** Silence counted since the last speech frame (ms). */
  get silentMs(): number {
    return this.silence;
  }

  /** One VAD frame of the current utterance. */
  frame(probability: number): PauseEvent | null {
    if (probability >= this.o.positiveThreshold) {
      this.silence = 0;
      if (this.paused) {
        this.paused = false;
        return { type: 'resume' };
      }
      return null;
    }
    if (probability < this.o.negativeThreshold) this.silence += this.o.frameMs;
    if (!this.paused && this.silence >= this.o.pauseMs) {
      this.paused = true;
      return { type: 'pause' };
    }
    return null;
  }

  /**
   * The pause was found first in the captured audio's loudness (its blocks come before the
   * VAD's frames of them): it stands as one found here. False when a pause already stands.
   */
  quiet(): boolean {
    if (this.paused) return false;
    this.paused = true;
    return true;
  }

  reset(): void {
    this.silence = 0;
    this.paused = false;
  }
}
