/**
 * Holds sent items until the peer acknowledges them, so they can be sent again after a
 * reconnect. Sequence numbers increase by one per item; acknowledgements are cumulative
 * ("everything up to and including seq"). Bounded: when full, the oldest item is dropped and
 * counted (the caller reports it; with 30 s of capacity this means the outage outlived it).
 */
export class ReplayBuffer<T> {
  private readonly items: ({ seq: number; item: T } | undefined)[];
  private head = 0; // index of the oldest
  private count = 0;
  private acked = -1;
  /** Items dropped unacknowledged because the buffer was full. */
  overflowed = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity <= 0)
      throw new RangeError('capacity must be a positive integer');
    this.items = new Array<{ seq: number; item: T } | undefined>(capacity);
  }

  /** Unacknowledged items held. */
  get size(): number {
    return this.count;
  }

  /** Highest seq acknowledged so far (-1 before any). */
  get ackedSeq(): number {
    return this.acked;
  }

  /** Adds an item; an already-acknowledged or duplicate seq is ignored. */
  push(seq: number, item: T): void {
    if (seq <= this.acked) return;
    const newest =
      this.count > 0 ? this.items[(this.head + this.count - 1) % this.capacity] : undefined;
    if (newest && seq <= newest.seq) return;
    if (this.count === this.capacity) {
      this.items[this.head] = undefined;
      this.head = (this.head + 1) % this.capacity;
      this.count--;
      this.overflowed++;
    }
    this.items[(this.head + this.count) % this.capacity] = { seq, item };
    this.count++;
  }

  /** Cumulative acknowledgement: drops everything up to and including `seq`. */
  ack(seq: number): void {
    if (seq <= this.acked) return;
    this.acked = seq;
    while (this.count > 0) {
      const oldest = this.items[this.head];
      if (!oldest || oldest.seq > seq) break;
      this.items[this.head] = undefined;
      this.head = (this.head + 1) % this.capacity;
      this.count--;
    }
  }

  /** Unacknowledged items, oldest first, to send again. */
  pending(): { seq: number; item: T }[] {
    const out: { seq: number; item: T }[] = [];
    for (let i = 0; i < this.count; i++) {
      const e = this.items[(this.head + i) % this.capacity];
      if (e) out.push(e);
    }
    return out;
  }
}
