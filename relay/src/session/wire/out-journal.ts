import type { JournalEntry } from '../../cluster/journal-store.ts';
import { ByteQueue } from '../../memory/byte-queue.ts';

export type { JournalEntry };

const utf8 = new TextDecoder();

/** Where one entry's bytes sit in the queue, in order. */
interface Kept {
  seq: number;
  turnId: number;
  length: number;
  /** A JSON message (kept as UTF-8), else a reply-audio frame. */
  text: boolean;
}

/**
 * The turn output a session sent (JSON messages and reply-audio frames, each with its `seq`),
 * kept so that a client that reconnects gets what it missed. What the client confirms it has
 * (its heartbeat says up to which seq) is let go. Bounded by turns and by bytes besides: only
 * the current and the previous turn are kept, at most `maxBytes` in all.
 *
 * The bytes (frames as sent, messages as UTF-8) are copied into a {@link ByteQueue} of pooled
 * blocks, one after the other in `seq` order: reply audio held for seconds outside the
 * JavaScript heap, reusing blocks; the entries are plain objects
 * (docs/decisions.md#audio-kept-in-pooled-blocks-not-one-buffer-per-frame).
 */
export class OutJournal {
  private readonly data = new ByteQueue();
  private readonly entries: Kept[] = [];
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
      this.dropWhile((e) => e.turnId !== this.currentTurn && e.turnId !== this.previousTurn);
    }
    const text = typeof data === 'string';
    const bytes = text ? Buffer.from(data, 'utf8') : data;
    this.data.push(bytes);
    this.entries.push({ seq, turnId, length: bytes.byteLength, text });
    this.dropWhile(() => this.data.length > this.maxBytes);
  }

  /** The client has everything up to `seq`: none of it will be asked for again. */
  confirm(seq: number): void {
    this.dropWhile((e) => e.seq <= seq);
  }

  /** Everything kept, oldest first (to hand the session to another relay). */
  all(): JournalEntry[] {
    return this.collect(
      () => true,
      (e, data) => ({ seq: e.seq, turnId: e.turnId, data }),
    );
  }

  /** Entries after `lastSeq`, oldest first. */
  after(lastSeq: number): JournalEntry['data'][] {
    return this.collect(
      (e) => e.seq > lastSeq,
      (_, data) => data,
    );
  }

  private collect<T>(
    keep: (e: Kept) => boolean,
    make: (e: Kept, data: JournalEntry['data']) => T,
  ): T[] {
    const out: T[] = [];
    let at = this.data.start;
    for (const e of this.entries) {
      if (keep(e)) {
        const bytes = this.data.read(at, e.length);
        out.push(make(e, e.text ? utf8.decode(bytes) : bytes));
      }
      at += e.length;
    }
    return out;
  }

  /** Drops the oldest entries while `pred` holds (they leave the queue in the order they came). */
  private dropWhile(pred: (e: Kept) => boolean): void {
    let n = 0;
    for (const e of this.entries) {
      if (!pred(e)) break;
      this.data.shift(e.length);
      n++;
    }
    if (n > 0) this.entries.splice(0, n);
  }
}
