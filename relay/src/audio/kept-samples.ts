import { samplePool, type BlockPool } from '../memory/block-pool.ts';

/**
 * Microphone audio kept for the length of an utterance (speculation, failover replay, the dump
 * of a failed turn), in fixed-size blocks reused across utterances and sessions
 * ({@link BlockPool} says why). Each frame arriving in its own `ArrayBuffer` is copied in and
 * dies young.
 *
 * The ownership rule: a {@link KeptSamples} never hands out a view of its blocks, only copies
 * ({@link KeptSamples.copy}). Its blocks go back to the pool on {@link KeptSamples.release},
 * after which another utterance writes into them; a view that escaped (into a provider's
 * buffered network write, an asynchronous file write) would read someone else's voice.
 *
 * Pure: no I/O.
 */

/** Samples per block: half a second at 16 kHz (16 KB). */
export const BLOCK_SAMPLES = 8_000;

/** The relay's pool of sample blocks: one process, one pool (at most 64 MB held free). */
export const relaySamplePool = samplePool(BLOCK_SAMPLES);

/**
 * Audio appended frame by frame, up to `maxSamples`, kept in pooled blocks. Read only through
 * copies. Release it when the utterance is over; a released store is empty and can be filled
 * again.
 */
export class KeptSamples {
  private blocks: Int16Array<ArrayBuffer>[] = [];
  private kept = 0;
  private frameCount = 0;
  private full = false;

  constructor(
    private readonly maxSamples: number,
    private readonly pool: BlockPool<Int16Array<ArrayBuffer>> = relaySamplePool,
  ) {}

  /** Samples kept. */
  get samples(): number {
    return this.kept;
  }

  /** Frames kept (appended whole). */
  get frames(): number {
    return this.frameCount;
  }

  /** Whether a frame was refused for the bound (the audio kept is the utterance's start). */
  get overflowed(): boolean {
    return this.full;
  }

  /**
   * Copies `samples` in. A frame that would pass the bound is refused whole (false), and so is
   * every frame after it: what is kept stays a prefix of the utterance.
   */
  append(samples: Int16Array): boolean {
    if (this.full || this.kept + samples.length > this.maxSamples) {
      this.full = true;
      return false;
    }
    const size = this.pool.blockLength;
    let from = 0;
    while (from < samples.length) {
      const offset = this.kept % size;
      if (offset === 0 && this.kept / size === this.blocks.length)
        this.blocks.push(this.pool.take());
      const block = this.blocks[Math.floor(this.kept / size)] as Int16Array<ArrayBuffer>;
      const n = Math.min(size - offset, samples.length - from);
      block.set(samples.subarray(from, from + n), offset);
      from += n;
      this.kept += n;
    }
    this.frameCount++;
    return true;
  }

  /** A new array with samples `[0, end)`: the caller owns it. */
  copy(end = this.kept): Int16Array<ArrayBuffer> {
    const total = Math.max(0, Math.min(end, this.kept));
    const out = new Int16Array(total);
    const size = this.pool.blockLength;
    for (let at = 0, i = 0; at < total; i++) {
      const block = this.blocks[i] as Int16Array<ArrayBuffer>;
      const n = Math.min(size, total - at);
      out.set(n === size ? block : block.subarray(0, n), at);
      at += n;
    }
    return out;
  }

  /** Gives the blocks back to the pool and empties the store, ready for another utterance. */
  release(): void {
    this.giveBack();
    this.full = false;
  }

  /**
   * Gives the blocks back but stays overflowed: for a keeper that has no use for a prefix (it
   * appends nothing more until {@link release}).
   */
  discard(): void {
    this.giveBack();
    this.full = true;
  }

  private giveBack(): void {
    const blocks = this.blocks;
    this.blocks = [];
    this.kept = 0;
    this.frameCount = 0;
    for (const block of blocks) this.pool.give(block);
  }
}

/** `samples` in consecutive pieces of `size` (views of it: pass only arrays the caller owns). */
export function* pieces(samples: Int16Array, size: number): Generator<Int16Array> {
  for (let at = 0; at < samples.length; at += size) yield samples.subarray(at, at + size);
}
