/**
 * A first-in, first-out queue of bytes in one reusable buffer, for data a session keeps for a
 * few seconds (the reply audio of its last turns). Each piece kept in its own `ArrayBuffer`
 * would be freed only by a full GC once it outlived the young generation, and V8 counts those
 * bytes as external memory: at 1,000 talkers they started a full GC every ~2.4 s. Copied in
 * here, the pieces cost no allocation once the ring has grown to the session's need.
 *
 * Positions are logical (bytes pushed since the start): a piece keeps its position however the
 * ring grows or wraps. Pure: no I/O.
 */
export class ByteRing {
  private buffer: Uint8Array<ArrayBuffer>;
  /** Logical position of the oldest byte kept. */
  private tail = 0;
  /** Logical position after the newest byte. */
  private head = 0;

  constructor(private readonly initialCapacity = 32 * 1024) {
    this.buffer = new Uint8Array(0);
  }

  /** Bytes kept. */
  get length(): number {
    return this.head - this.tail;
  }

  /** Bytes the ring can hold before it grows again. */
  get capacity(): number {
    return this.buffer.byteLength;
  }

  /** Appends a copy of `bytes`; returns its logical position. */
  push(bytes: Uint8Array): number {
    const at = this.head;
    if (this.length + bytes.byteLength > this.capacity) this.grow(this.length + bytes.byteLength);
    this.write(at, bytes);
    this.head += bytes.byteLength;
    return at;
  }

  /** Forgets the oldest `n` bytes. */
  shift(n: number): void {
    if (n < 0 || n > this.length) throw new RangeError(`cannot drop ${n} of ${this.length} bytes`);
    this.tail += n;
  }

  /** A copy of the `length` bytes kept at logical position `at`. */
  read(at: number, length: number): Uint8Array<ArrayBuffer> {
    if (at < this.tail || at + length > this.head)
      throw new RangeError(`bytes ${at}..${at + length} are not kept (${this.tail}..${this.head})`);
    const out = new Uint8Array(length);
    if (length === 0) return out;
    const cap = this.capacity;
    const from = at % cap;
    const first = Math.min(length, cap - from);
    out.set(this.buffer.subarray(from, from + first));
    if (first < length) out.set(this.buffer.subarray(0, length - first), first);
    return out;
  }

  private write(at: number, bytes: Uint8Array): void {
    const cap = this.capacity;
    const from = at % cap;
    const first = Math.min(bytes.byteLength, cap - from);
    this.buffer.set(bytes.subarray(0, first), from);
    if (first < bytes.byteLength) this.buffer.set(bytes.subarray(first), 0);
  }

  /** Lets go of the buffer when nothing is kept and it grew past `limit` bytes (a rare long reply). */
  release(limit: number): void {
    if (this.length === 0 && this.capacity > limit) this.buffer = new Uint8Array(0);
  }

  private grow(needed: number): void {
    const kept = this.read(this.tail, this.length);
    let capacity = this.capacity === 0 ? Math.max(1, this.initialCapacity) : this.capacity * 2;
    while (capacity < needed) capacity *= 2;
    this.buffer = new Uint8Array(capacity);
    this.write(this.tail, kept);
  }
}
