/**
 * Fixed-size blocks of bytes, reused. Audio a relay keeps for a second or more (an utterance's
 * microphone audio, reply audio a client has not confirmed) lives in these long-lived blocks
 * instead of one short-lived `ArrayBuffer` per frame: such buffers outlive V8's young
 * generation, are freed only by a full GC, and V8 counts their bytes as external memory, which
 * itself starts full GCs (docs/decisions.md#audio-kept-in-pooled-blocks-not-one-buffer-per-frame).
 *
 * A block given back is handed to the next taker as it is: whoever keeps data in blocks must
 * never let a view of them escape (copy out instead), or a reused block would show one user's
 * audio to another. Pure: no I/O.
 */
export class BlockPool {
  private readonly free: Uint8Array<ArrayBuffer>[] = [];
  /** Blocks made since the start (a reading for tests and diagnostics). */
  allocated = 0;

  constructor(
    readonly blockBytes: number,
    /** Free blocks held on to at most; blocks given back past it are left to the GC. */
    private readonly maxFree = 4_096,
  ) {
    if (!Number.isInteger(blockBytes) || blockBytes <= 0)
      throw new RangeError(`blockBytes must be a positive integer (got ${blockBytes})`);
  }

  /** Blocks waiting for reuse. */
  get freeBlocks(): number {
    return this.free.length;
  }

  take(): Uint8Array<ArrayBuffer> {
    const block = this.free.pop();
    if (block) return block;
    this.allocated++;
    return new Uint8Array(this.blockBytes);
  }

  give(block: Uint8Array<ArrayBuffer>): void {
    if (block.byteLength === this.blockBytes && this.free.length < this.maxFree)
      this.free.push(block);
  }
}
