import { abortable } from '../abortable.ts';
import type { WrittenText } from '../providers/stages/tts.ts';

/**
 * A segment of the reply while the language model writes it: its words as they come, then its
 * whole text, for a voice that takes text as it streams (see {@link WrittenText}). Any number of
 * readers, each from the start: a voice that breaks off hands the segment to the next, which
 * reads it again.
 */
export class WrittenSegment implements WrittenText {
  private readonly words: string[] = [];
  private text: string | null = null;
  private failure: Error | null = null;
  /** Settles at the next change, for the readers waiting for more (replaced at each change). */
  private changed!: Promise<void>;
  private notify!: () => void;

  constructor() {
    this.rearm();
  }

  get soFar(): string {
    return this.words.join(' ');
  }

  get whole(): string | null {
    return this.text;
  }

  /** More of its words (spaces collapsed, trimmed; '' is nothing). */
  add(words: string): void {
    if (this.text !== null || this.failure || words === '') return;
    this.words.push(words);
    this.wake();
  }

  /**
   * It is written: `text` is all of it (spaces collapsed, trimmed), starting with the words
   * given out so far; the rest is its last piece.
   */
  finish(text: string): void {
    if (this.text !== null || this.failure) return;
    const soFar = this.soFar;
    const rest = text.startsWith(soFar) ? text.slice(soFar.length).trim() : '';
    if (rest !== '') this.words.push(rest);
    this.text = this.soFar;
    this.wake();
  }

  /** Its writing broke off (the turn was aborted): readers throw `err`. */
  fail(err: unknown): void {
    if (this.text !== null || this.failure) return;
    this.failure = err instanceof Error ? err : new Error(String(err));
    this.wake();
  }

  async *pieces(signal: AbortSignal): AsyncGenerator<string, void, undefined> {
    for (let given = 0; ;) {
      signal.throwIfAborted();
      while (given < this.words.length) yield `${this.words[given++] ?? ''} `;
      if (this.failure) throw this.failure;
      if (this.text !== null) return;
      await abortable(this.changed, signal);
    }
  }

  async written(signal: AbortSignal): Promise<string> {
    for (;;) {
      signal.throwIfAborted();
      if (this.failure) throw this.failure;
      if (this.text !== null) return this.text;
      await abortable(this.changed, signal);
    }
  }

  private wake(): void {
    const notify = this.notify;
    this.rearm();
    notify();
  }

  private rearm(): void {
    this.changed = new Promise<void>((resolve) => (this.notify = resolve));
  }
}
