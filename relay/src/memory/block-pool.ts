/**
 * Fixed-size blocks of bytes or samples, reused. Audio a relay keeps for a second or more (an
 * utterance's microphone audio, reply audio a client has not confirmed) lives in these
 * long-lived blocks instead of one short-lived `ArrayBuffer` per frame: such buffers outlive
 * V8's young generation, are freed only by a full GC, and V8 counts their bytes as external
 * memory, which itself starts full GCs (at 1,000 talkers, one every few seconds, each 40–100 ms
 * of marking on the event loop).
 *
 * A block given back is handed to the next taker as it is: whoever keeps data in blocks must
 * never let a view of them escape (copy out instead), or a reused block would show one user's
 * audio to another. Pure: no I/O.
 */
export class BlockPool<T extends Int16Array<ArrayBuffer> | Uint8Array<ArrayBuffer>> {
  private readonly free: T[] = [];
  /** Blocks made since the start (a reading for tests and diagnostics). */
  allocated = 0;

  constructor(
    /** Elements per block. */
    readonly blockLength: number,
    private readonly make: (length: number) => T,
    /** Free blocks held on to at most; blocks given back past it are left to the GC. */
    private readonly maxFree: number,
  ) {
    if (!Number.isInteger(blockLength) || blockLength <= 0)
      throw new RangeError(`blockLength must be a positive integer (got ${blockLength})`);
  }

  /** Blocks waiting for reuse. */
  get freeBlocks(): number {
    return this.free.length;
  }

  take(): T {
    const block = this.free.pop();
    if (block) return block;
    this.allocated++;
    return this.make(this.blockLength);
  }

  give(block: T): void {
    if (block.length === this.blockLength && this.free.length < this.maxFree) this.free.push(block);
  }
}

/** A pool of 16-bit sample blocks. */
export function samplePool(
  blockSamples: number,
  maxFree = 4_096,
): BlockPool<Int16Array<ArrayBuffer>> {
  return new BlockPool(blockSamples, (n) => new Int16Array(n), maxFree);
}

/** A pool of byte blocks. */
export function bytePool(blockBytes: number, maxFree = 4_096): BlockPool<Uint8Array<ArrayBuffer>> {
  return new BlockPool(blockBytes, (n) => new Uint8Array(n), maxFree);
}
