import type { WrittenText } from '../providers/stages/tts.ts';
import { AsyncQueue } from './async-queue.ts';
import { SentenceSplitter } from './sentence-splitter.ts';
import { WrittenSegment } from './written-segment.ts';

/**
 * The reply's first words go to the voice as soon as they make a clause of this many words: its
 * first audio then waits for a clause of the language model's writing, not a whole sentence
 * (~120 ms sooner at a hosted model's 20 ms a token, for "That is a good question, and …").
 * Four words are about a second of speech, longer than a hosted voice takes to answer the next
 * part, so the two are heard without a gap. Only the first: later text goes by sentences, each
 * said with its own intonation whole.
 */
export const FIRST_CLAUSE = { minWords: 4 } as const;

/** A segment of the reply for its speaking: its whole text, or its text as it is written. */
export type SpokenText = string | WrittenText;

/**
 * A line said in the reply's voice that is not a part of the reply (issue 48: "One moment, I'm
 * checking." while a tool runs long): announced as a segment of no words, so an interrupt never
 * claims it was heard as the reply's, and never added to the reply's text.
 */
export interface AsideLine {
  readonly aside: string;
}

/** What the speaking part of a turn is handed, in order: the reply's segments and asides. */
export type SpokenPart = SpokenText | AsideLine;

/**
 * The reply's text cut into the segments its voice says ({@link SentenceSplitter}: a first
 * clause, then sentences), in order in {@link spoken}. For a voice that takes text as it streams
 * (`asWritten`), a segment is handed over at its first words, as a {@link WrittenSegment} that
 * grows as the language model writes it; otherwise once it is whole.
 */
export class ReplySegments {
  /** The segments, for the speaking part to say. */
  readonly spoken = new AsyncQueue<SpokenPart>();
  /** Parts handed to {@link spoken} so far (segments and asides). */
  handed = 0;
  private readonly splitter = new SentenceSplitter({ firstClause: FIRST_CLAUSE });
  /** The segment being written, already handed over. */
  private writing: WrittenSegment | null = null;

  constructor(private readonly asWritten: boolean) {}

  /** More of the reply's text, as the language model streamed it. */
  push(delta: string): void {
    for (const text of this.splitter.push(delta)) this.complete(text);
    if (!this.asWritten) return;
    const words = this.splitter.words();
    if (words === '') return;
    if (!this.writing) {
      this.writing = new WrittenSegment();
      this.hand(this.writing);
    }
    this.writing.add(words);
  }

  /** The reply's writing stopped: what is left of it is its last segment. */
  flush(): void {
    for (const text of this.splitter.flush()) this.complete(text);
  }

  /** A whole text said after the reply's (the apology for a reply broken off). */
  add(text: string): void {
    this.flush();
    this.hand(text);
  }

  /** A line said after what was written so far, not a part of the reply ({@link AsideLine}). */
  aside(line: string): void {
    this.flush();
    this.hand({ aside: line });
  }

  /** No more segments. */
  close(): void {
    this.spoken.close();
  }

  /** The turn was aborted: the segment being written and the speaking part throw `err`. */
  fail(err: unknown): void {
    this.writing?.fail(err);
    this.writing = null;
    this.spoken.fail(err);
  }

  /** A segment is written: the one being written, or a new one handed over whole. */
  private complete(text: string): void {
    if (this.writing) {
      this.writing.finish(text);
      this.writing = null;
    } else this.hand(text);
  }

  private hand(part: SpokenPart): void {
    this.handed++;
    this.spoken.push(part);
  }
}
