/** One message or reply-audio frame sent to the client (encoded as sent). */
export type JournalEntry = {
  seq: number;
  turnId: number;
  data: string | Uint8Array<ArrayBuffer>;
};
type Entry = JournalEntry;

const sizeOf = (data: Entry['data']) =>
  typeof data === 'string' ? data.length * 2 : data.byteLength;

/**
 * The turn output a session sent (JSON messages and reply-audio frames, each with its `seq`),
 * kept so that a client that reconnects gets what it missed. Bounded by turns and by bytes:
 * only the current and the previous turn are kept, at most `maxBytes` in all.
 */
export class OutJournal {
  private entries: Entry[] = [];
  private bytes = 0;
  private currentTurn = -1;
  private previousTurn = -1;

  constructor(private readonly maxBytes = 8 * 1024 * 1024) {}

  /** Bytes held, for diagnostics (memory per session). */
  get size(): number {
    return this.bytes;
  }

  add(seq: number, turnId: number, data: Entry['data']): void {
    if (turnId !== this.currentTurn) {
      this.previousTurn = this.currentTurn;
      this.currentTurn = turnId;
      this.dropWhile((e) => e.turnId !== this.currentTurn && e.turnId !== this.previousTurn);
    }
    this.entries.push({ seq, turnId, data });
    this.bytes += sizeOf(data);
    this.dropWhile(() => this.bytes > this.maxBytes);
  }

  /** Everything kept, oldest first (to hand the session to another relay). */
  all(): readonly JournalEntry[] {
    return this.entries;
  }

  /** Entries after `lastSeq`, oldest first. */
  after(lastSeq: number): Entry['data'][] {
    return this.entries.filter((e) => e.seq > lastSeq).map((e) => e.data);
  }

  private dropWhile(pred: (e: Entry) => boolean): void {
    let n = 0;
    for (;;) {
      const e = this.entries[n];
      if (!e || !pred(e)) break;
      this.bytes -= sizeOf(e.data);
      n++;
    }
    if (n > 0) this.entries = this.entries.slice(n);
  }
}
