/** Something the ring keeps, with its size. */
export interface Sized {
  readonly bytes: number;
}

/**
 * The most recent items, at most `maxItems` of them and `maxBytes` in all (the oldest go first;
 * an item larger than `maxBytes` alone is not kept). Pushing is O(1) amortised.
 */
export class LineRing<T extends Sized> {
  private items: T[] = [];
  /** Index of the oldest item kept: items before it were evicted and wait for a compaction. */
  private start = 0;
  private totalBytes = 0;

  constructor(
    readonly maxItems: number,
    readonly maxBytes: number,
  ) {
    if (!Number.isInteger(maxItems) || maxItems < 0) throw new RangeError('maxItems must be ≥ 0');
    if (!(maxBytes >= 0)) throw new RangeError('maxBytes must be ≥ 0');
  }

  get size(): number {
    return this.items.length - this.start;
  }

  get bytes(): number {
    return this.totalBytes;
  }

  push(item: T): void {
    if (this.maxItems === 0 || item.bytes > this.maxBytes) return;
    this.items.push(item);
    this.totalBytes += item.bytes;
    while (this.size > this.maxItems || this.totalBytes > this.maxBytes) {
      const oldest = this.items[this.start];
      if (oldest === undefined) break;
      this.totalBytes -= oldest.bytes;
      this.start++;
    }
    // Evicted items are dropped in one slice once they are half the array, not one shift each.
    if (this.start > 32 && this.start * 2 > this.items.length) {
      this.items = this.items.slice(this.start);
      this.start = 0;
    }
  }

  /** What is kept, oldest first (a copy). */
  toArray(): T[] {
    return this.items.slice(this.start);
  }
}
