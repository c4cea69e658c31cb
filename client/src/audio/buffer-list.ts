/** One queued buffer of mono audio at the context rate. */
export interface PlaybackBuffer {
  bufferId: number;
  turnId: number;
  samples: Float32Array;
  /** Position of `samples[0]` in the turn (samples). */
  startSample: number;
}

/** A list of buffers read front to back. */
export class BufferList {
  buffers: PlaybackBuffer[] = [];
  /** Samples already read from `buffers[0]`. */
  offset = 0;

  get samples(): number {
    let n = 0;
    for (const b of this.buffers) n += b.samples.length;
    return n - this.offset;
  }

  /** The buffer the next sample comes from, skipping exhausted ones; null when empty. */
  head(onDone: (b: PlaybackBuffer) => void): PlaybackBuffer | null {
    for (;;) {
      const b = this.buffers[0];
      if (b === undefined) return null;
      if (this.offset < b.samples.length) return b;
      this.buffers.shift();
      this.offset = 0;
      onDone(b);
    }
  }

  /** Empties the list, passing every buffer to `onDrop`; returns the unplayed samples dropped. */
  drop(onDrop: (b: PlaybackBuffer) => void): number {
    const dropped = this.samples;
    for (const b of this.buffers) onDrop(b);
    this.buffers = [];
    this.offset = 0;
    return dropped;
  }
}
