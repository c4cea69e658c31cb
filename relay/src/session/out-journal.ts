import { ByteQueue } from '../memory/byte-queue.ts';

/** One message or reply-audio frame sent to the client (encoded as sent). */
export type JournalEntry = {
  seq: number;
  turnId: number;
  data: string | Uint8Array<ArrayBuffer>;
};

/** An entry as kept: text as is, audio frames as a place in the journal's byte queue. */
type Kept =
  | { seq: number; turnId: number; text: string }
  | { seq: number; turnId: number; at: number; length: number };

const sizeOf = (e: Kept) => ('text' in e ? e.text.length * 2 : e.length);

/**
 * The turn output a session sent (JSON messages and reply-audio frames, each with its `seq`),
 * kept so that a client that reconnects gets what it missed. What the client confirms it has
 * (its heartbeat says up to which seq) is let go. Bounded by turns and by bytes besides: only
 * the current and the previous turn are kept, at most `maxBytes` in all. Audio frames are copied
 * into a {@link ByteQueue} of pooled blocks (the frame sent dies young; see there why).
 */
export class OutJournal {
  private entries: Kept[] = [];
  private readonly audio = new ByteQueue();
  private bytes = 0;
  private currentTurn = -1;
  private previousTurn = -1;

  constructor(private readonly maxBytes = 8 * 1024 * 1024) {}

  /** Bytes held, for diagnostics (memory per session). */
  get size(): number {
    return this.bytes;
  }

  add(seq: number, turnId: number, data: JournalEntry['data']): void {
    if (turnId !== this.currentTurn) {
      this.previousTurn = this.currentTurn;
      this.currentTurn = turnId;
      this.dropWhile((e) => e.turnId !== this.currentTurn && e.turnId !== this.previousTurn);
    }
    const entry: Kept =
      typeof data === 'string'
        ? { seq, turnId, text: data }
        : { seq, turnId, at: this.audio.push(data), length: data.byteLength };
    this.entries.push(entry);
    this.bytes += sizeOf(entry);
    this.dropWhile(() => this.bytes > this.maxBytes);
  }

  /** The client has everything up to `seq`: none of it will be asked for again. */
  confirm(seq: number): void {
    this.dropWhile((e) => e.seq <= seq);
  }

  /** Everything kept, oldest first (to hand the session to another relay). */
  all(): JournalEntry[] {
    return this.entries.map((e) => ({ seq: e.seq, turnId: e.turnId, data: this.dataOf(e) }));
  }

  /** Entries after `lastSeq`, oldest first. */
  after(lastSeq: number): JournalEntry['data'][] {
    return this.entries.filter((e) => e.seq > lastSeq).map((e) => this.dataOf(e));
  }

  private dataOf(e: Kept): JournalEntry['data'] {
    return 'text' in e ? e.text : this.audio.read(e.at, e.length);
  }

  private dropWhile(pred: (e: Kept) => boolean): void {
    let n = 0;
    for (;;) {
      const e = this.entries[n];
      if (!e || !pred(e)) break;
      this.bytes -= sizeOf(e);
      // Frames leave in the order they came: the oldest kept is at the queue's start.
      if (!('text' in e)) this.audio.shift(e.length);
      n++;
    }
    if (n > 0) this.entries = this.entries.slice(n);
  }
}
