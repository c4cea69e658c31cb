import { BlockPool } from './block-pool.ts';

/** Bytes per block: five 100 ms frames (or half a second) of 16 kHz PCM16. */
const QUEUE_BLOCK_BYTES = 16_000;

/** The relay's pool of blocks: one process, one pool (at most 64 MB held free). */
const relayPool = new BlockPool(QUEUE_BLOCK_BYTES);

/**
 * A first-in, first-out queue of bytes in pooled blocks, for audio a session keeps for a few
 * seconds (reply audio its client has not confirmed, an utterance's microphone audio). Each piece kept in its own `ArrayBuffer`
 * would die in V8's old generation ({@link BlockPool} says why that matters); here a piece costs
 * a copy, and the queue holds only the blocks its bytes need: blocks it has moved past go back
 * to the pool, and an empty queue holds none.
 *
 * Positions are logical (bytes pushed since the start): a piece keeps its position as blocks
 * come and go. Pieces are read as copies only, never as views of a block. Pure: no I/O.
 */
export class ByteQueue {
  private blocks: Uint8Array<ArrayBuffer>[] = [];
  /** Logical position of the first byte of `blocks[0]`. */
  private base = 0;
  /** Logical position of the oldest byte kept. */
  private tail = 0;
  /** Logical position after the newest byte. */
  private head = 0;

  constructor(private readonly pool: BlockPool = relayPool) {}

  /** Bytes kept. */
  get length(): number {
    return this.head - this.tail;
  }

  /** Logical position of the oldest byte kept. */
  get start(): number {
    return this.tail;
  }

  /** Blocks held. */
  get blockCount(): number {
    return this.blocks.length;
  }

  /** Appends a copy of `bytes`; returns its logical position. */
  push(bytes: Uint8Array): number {
    const at = this.head;
    const size = this.pool.blockBytes;
    let from = 0;
    while (from < bytes.byteLength) {
      const offset = this.head - this.base;
      const index = Math.floor(offset / size);
      if (index === this.blocks.length) this.blocks.push(this.pool.take());
      const block = this.blocks[index] as Uint8Array<ArrayBuffer>;
      const inBlock = offset % size;
      const n = Math.min(size - inBlock, bytes.byteLength - from);
      block.set(bytes.subarray(from, from + n), inBlock);
      from += n;
      this.head += n;
    }
    return at;
  }

  /** Forgets the oldest `n` bytes; blocks left behind go back to the pool. */
  shift(n: number): void {
    if (!Number.isInteger(n) || n < 0 || n > this.length)
      throw new RangeError(`cannot drop ${n} of ${this.length} bytes`);
    this.tail += n;
    const size = this.pool.blockBytes;
    if (this.tail === this.head) {
      for (const block of this.blocks) this.pool.give(block);
      this.blocks = [];
      this.base = this.head;
      return;
    }
    let done = 0;
    while (this.tail - this.base >= size) {
      this.pool.give(this.blocks[done++] as Uint8Array<ArrayBuffer>);
      this.base += size;
    }
    if (done > 0) this.blocks = this.blocks.slice(done);
  }

  /** A copy of the `length` bytes kept at logical position `at`. */
  read(at: number, length: number): Uint8Array<ArrayBuffer> {
    if (at < this.tail || length < 0 || at + length > this.head)
      throw new RangeError(`bytes ${at}..${at + length} are not kept (${this.tail}..${this.head})`);
    const out = new Uint8Array(length);
    const size = this.pool.blockBytes;
    let done = 0;
    while (done < length) {
      const offset = at + done - this.base;
      const block = this.blocks[Math.floor(offset / size)] as Uint8Array<ArrayBuffer>;
      const inBlock = offset % size;
      const n = Math.min(size - inBlock, length - done);
      out.set(block.subarray(inBlock, inBlock + n), done);
      done += n;
    }
    return out;
  }
}
