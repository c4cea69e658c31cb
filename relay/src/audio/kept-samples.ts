import type { BlockPool } from '../memory/block-pool.ts';
import { ByteQueue } from '../memory/byte-queue.ts';
import type { HeardAudio } from './heard-audio.ts';

/**
 * Microphone audio kept for the length of an utterance (speculation, failover replay, the dump
 * of a failed turn), in blocks reused across utterances and sessions ({@link BlockPool} says
 * why). Each frame arriving in its own `ArrayBuffer` is copied in and dies young.
 *
 * The ownership rule: a {@link KeptSamples} never hands out a view of its blocks, only copies
 * ({@link KeptSamples.copy}). Its blocks go back to the pool on {@link KeptSamples.release},
 * after which another utterance writes into them; a view that escaped (into a provider's
 * buffered network write, an asynchronous file write) would read someone else's voice.
 *
 * Pure: no I/O.
 */
export class KeptSamples {
  private readonly bytes: ByteQueue;
  private frameCount = 0;
  private full = false;
  /** Counts releases: a view made before the last one reads nothing (the blocks went back). */
  private generation = 0;

  /** `pool`: where the blocks come from (default: the relay's). */
  constructor(
    private readonly maxSamples: number,
    pool?: BlockPool,
  ) {
    this.bytes = new ByteQueue(pool);
  }

  /** Samples kept. */
  get samples(): number {
    return this.bytes.length / 2;
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
    if (this.full || this.samples + samples.length > this.maxSamples) {
      this.full = true;
      return false;
    }
    this.bytes.push(new Uint8Array(samples.buffer, samples.byteOffset, samples.byteLength));
    this.frameCount++;
    return true;
  }

  /** A new array with samples `[from, end)`: the caller owns it. */
  copy(end = this.samples, from = 0): Int16Array<ArrayBuffer> {
    const to = Math.max(0, Math.min(end, this.samples));
    const at = Math.max(0, Math.min(from, to));
    return new Int16Array(this.bytes.read(this.bytes.start + at * 2, (to - at) * 2).buffer);
  }

  /**
   * What is kept, read by others (see {@link HeardAudio}), up to `limit` samples: copies only,
   * as from here. Once this store is released the view reads nothing, overflowed.
   */
  view(limit = Number.POSITIVE_INFINITY): HeardAudio {
    const generation = this.generation;
    const kept = () => generation === this.generation;
    const samples = () => (kept() ? Math.min(limit, this.samples) : 0);
    const overflowed = () => !kept() || (this.full && this.samples < limit);
    return {
      get samples() {
        return samples();
      },
      // A view of the first `limit` samples is whole once they are all kept.
      get overflowed() {
        return overflowed();
      },
      copy: (to = samples(), from = 0) => this.copy(Math.min(to, samples()), from),
    };
  }

  /** Gives the blocks back to the pool and empties the store, ready for another utterance. */
  release(): void {
    this.giveBack();
    this.full = false;
    this.generation++;
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
    this.bytes.shift(this.bytes.length);
    this.frameCount = 0;
  }
}

/** `samples` in consecutive pieces of `size` (views of it: pass only arrays the caller owns). */
export function* pieces(samples: Int16Array, size: number): Generator<Int16Array> {
  for (let at = 0; at < samples.length; at += size) yield samples.subarray(at, at + size);
}
