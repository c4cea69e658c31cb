/**
 * An utterance's audio so far, as its one owner keeps it (the session's `Utterance`), read by
 * whoever must read back what was heard — a failover chain replaying it into its next
 * recogniser, the embedded recogniser decoding it again, whole, a speculation's second
 * recogniser — instead of each keeping a copy of its own. Reads are copies: the owner's blocks
 * are reused once it lets them go (see `KeptSamples`).
 */
export interface HeardAudio {
  /** Samples heard so far that this view reads, from the utterance's start. */
  readonly samples: number;
  /**
   * Not the whole audio heard: the owner stopped keeping it (past its bound) or has let it go.
   * A reader that needs all of it (a replay) must not rely on it then.
   */
  readonly overflowed: boolean;
  /** A new array with samples `[from, to)` of what this view reads: the caller owns it. */
  copy(to?: number, from?: number): Int16Array<ArrayBuffer>;
}
