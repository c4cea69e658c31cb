import type { JournalEntry } from '../cluster/journal-store.ts';
import { ByteQueue } from '../memory/byte-queue.ts';

export type { JournalEntry };

const TEXT = 1;
const AUDIO = 0;
const utf8 = new TextDecoder();

/**
 * The turn output a session sent (JSON messages and reply-audio frames, each with its `seq`),
 * kept so that a client that reconnects gets what it missed. What the client confirms it has
 * (its heartbeat says up to which seq) is let go. Bounded by turns and by bytes besides: only
 * the current and the previous turn are kept, at most `maxBytes` in all.
 *
 * What it keeps lives for seconds, so it is kept out of the JavaScript heap's young generation:
 * the bytes (frames as sent, messages as UTF-8) are copied into a {@link ByteQueue} of pooled
 * blocks, one after the other in `seq` order, and each entry's seq, turn, length and kind are
 * numbers in a ring of typed arrays. The message strings and frames sent die young.
 */
export class OutJournal {
  private readonly data = new ByteQueue();
  private seqs = new Float64Array(64);
  private turns = new Float64Array(64);
  private lengths = new Uint32Array(64);
  private kinds = new Uint8Array(64);
  /** Ring index of the oldest entry, and how many are kept. */
  private first = 0;
  private count = 0;
  private currentTurn = -1;
  private previousTurn = -1;

  constructor(private readonly maxBytes = 8 * 1024 * 1024) {}

  /** Bytes held, for diagnostics (memory per session). */
  get size(): number {
    return this.data.length;
  }

  add(seq: number, turnId: number, data: JournalEntry['data']): void {
    if (turnId !== this.currentTurn) {
      this.previousTurn = this.currentTurn;
      this.currentTurn = turnId;
      this.dropWhile((_, t) => t !== this.currentTurn && t !== this.previousTurn);
    }
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    if (this.count === this.seqs.length) this.grow();
    const i = (this.first + this.count) & (this.seqs.length - 1);
    this.data.push(bytes);
    this.seqs[i] = seq;
    this.turns[i] = turnId;
    this.lengths[i] = bytes.byteLength;
    this.kinds[i] = typeof data === 'string' ? TEXT : AUDIO;
    this.count++;
    this.dropWhile(() => this.data.length > this.maxBytes);
  }

  /** The client has everything up to `seq`: none of it will be asked for again. */
  confirm(seq: number): void {
    this.dropWhile((s) => s <= seq);
  }

  /** Everything kept, oldest first (to hand the session to another relay). */
  all(): JournalEntry[] {
    return this.collect(
      () => true,
      (seq, turnId, data) => ({ seq, turnId, data }),
    );
  }

  /** Entries after `lastSeq`, oldest first. */
  after(lastSeq: number): JournalEntry['data'][] {
    return this.collect(
      (seq) => seq > lastSeq,
      (_, __, data) => data,
    );
  }

  private collect<T>(
    keep: (seq: number) => boolean,
    make: (seq: number, turnId: number, data: JournalEntry['data']) => T,
  ): T[] {
    const out: T[] = [];
    const mask = this.seqs.length - 1;
    let at = this.data.start;
    for (let n = 0; n < this.count; n++) {
      const i = (this.first + n) & mask;
      const seq = this.seqs[i] ?? 0;
      const length = this.lengths[i] ?? 0;
      if (keep(seq)) {
        const bytes = this.data.read(at, length);
        out.push(
          make(seq, this.turns[i] ?? 0, this.kinds[i] === TEXT ? utf8.decode(bytes) : bytes),
        );
      }
      at += length;
    }
    return out;
  }

  /** Drops the oldest entries while `pred(seq, turnId)` holds. */
  private dropWhile(pred: (seq: number, turnId: number) => boolean): void {
    const mask = this.seqs.length - 1;
    while (this.count > 0) {
      const i = this.first;
      if (!pred(this.seqs[i] ?? 0, this.turns[i] ?? 0)) break;
      // Entries leave in the order they came: the oldest kept is at the queue's start.
      this.data.shift(this.lengths[i] ?? 0);
      this.first = (i + 1) & mask;
      this.count--;
    }
  }

  /** Doubles the ring, the oldest entry first. */
  private grow(): void {
    const capacity = this.seqs.length * 2;
    const first = this.first;
    const reorder = <T extends Float64Array | Uint32Array | Uint8Array>(column: T, grown: T): T => {
      grown.set(column.subarray(first));
      grown.set(column.subarray(0, first), column.length - first);
      return grown;
    };
    this.seqs = reorder(this.seqs, new Float64Array(capacity));
    this.turns = reorder(this.turns, new Float64Array(capacity));
    this.lengths = reorder(this.lengths, new Uint32Array(capacity));
    this.kinds = reorder(this.kinds, new Uint8Array(capacity));
    this.first = 0;
  }
}
