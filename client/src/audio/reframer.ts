/**
 * Fixed-size reframing of a sample stream whose pieces carry their absolute position.
 *
 * Used by the capture worklet (128-frame render quanta → 20 ms blocks at the context rate) and by
 * the VAD (16 kHz blocks → 512-sample model frames). Pure: no DOM, no timers, so the worklet bundle
 * can include it and tests can drive it with synthetic input.
 */

/** One complete (or, after a gap, possibly short) block of samples. */
export interface Frame {
  /** The samples; a fresh buffer owned by the receiver (safe to transfer). */
  samples: Float32Array<ArrayBuffer>;
  /** Stream position (sample index at the stream's own rate) of `samples[0]`. */
  firstSample: number;
}

export interface ReframerOptions {
  /** Samples per emitted frame (positive integer). */
  frameSamples: number;
  /**
   * What to do with a partly filled frame when the next input does not continue the stream
   * (its `firstSample` is not the next expected index): `'emit'` sends it short, `'drop'`
   * discards it. Default `'emit'`.
   */
  onGap?: 'emit' | 'drop';
}

export class Reframer {
  readonly frameSamples: number;
  private readonly onGap: 'emit' | 'drop';
  private pending: Float32Array<ArrayBuffer>;
  private filled = 0;
  /** Stream index of `pending[0]`; null before the first input. */
  private pendingStart: number | null = null;
  private gapCount = 0;

  constructor(options: ReframerOptions) {
    const { frameSamples } = options;
    if (!Number.isInteger(frameSamples) || frameSamples <= 0)
      throw new RangeError(`frameSamples must be a positive integer, got ${frameSamples}`);
    this.frameSamples = frameSamples;
    this.onGap = options.onGap ?? 'emit';
    this.pending = new Float32Array(frameSamples);
  }

  /** Samples held that do not yet fill a frame. */
  get bufferedSamples(): number {
    return this.filled;
  }

  /** Stream index the next input is expected to start at (null before any input). */
  get nextSample(): number | null {
    return this.pendingStart === null ? null : this.pendingStart + this.filled;
  }

  /** How many times an input did not continue the stream. */
  get gaps(): number {
    return this.gapCount;
  }

  /**
   * Adds `samples`, whose first sample sits at stream index `firstSample`; returns the frames they
   * complete. A discontinuity (gap or overlap) ends the partial frame (see `onGap`) and restarts
   * framing at `firstSample`.
   */
  push(samples: Float32Array, firstSample: number): Frame[] {
    const out: Frame[] = [];
    const expected = this.nextSample;
    if (expected !== null && firstSample !== expected) {
      this.gapCount++;
      if (this.filled > 0 && this.onGap === 'emit') out.push(this.take(this.filled));
      this.filled = 0;
      this.pendingStart = firstSample;
    }
    if (this.pendingStart === null) this.pendingStart = firstSample;
    let offset = 0;
    while (offset < samples.length) {
      const n = Math.min(this.frameSamples - this.filled, samples.length - offset);
      this.pending.set(samples.subarray(offset, offset + n), this.filled);
      this.filled += n;
      offset += n;
      if (this.filled === this.frameSamples) out.push(this.take(this.frameSamples));
    }
    return out;
  }

  /** Returns the partial frame, short (null when nothing is pending), and keeps the position. */
  flush(): Frame | null {
    return this.filled === 0 ? null : this.take(this.filled);
  }

  /** Forgets buffered samples and the stream position. */
  reset(): void {
    this.filled = 0;
    this.pendingStart = null;
  }

  private take(count: number): Frame {
    const start = this.pendingStart ?? 0;
    // Hand out the filled buffer itself (no copy) and start a fresh one: the receiver may
    // transfer it to another thread.
    const samples = count === this.frameSamples ? this.pending : this.pending.slice(0, count);
    if (count === this.frameSamples) this.pending = new Float32Array(this.frameSamples);
    this.pendingStart = start + count;
    this.filled = 0;
    return { samples, firstSample: start };
  }
}
