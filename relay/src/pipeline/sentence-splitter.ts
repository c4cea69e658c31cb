import { firstClauseEnd, type FirstClauseRule } from './first-clause.ts';

/**
 * Splits streaming LLM text into sentences for TTS, so each can be synthesised as soon as it is
 * complete. Pure: feed text deltas with `push`, get finished sentences back; `flush` at the end.
 *
 * A sentence ends at `.`, `!`, `?` or `…` (with closing quotes/brackets) followed by whitespace,
 * or at a line break. Common abbreviations ("Dr.", "e.g."), initials ("J. R. R.") and decimals
 * ("3.14") do not end sentences. A sentence longer than `maxChars` is cut at the last clause
 * boundary (`,;:`) or space before the limit, so a run-on reply never stalls the audio.
 *
 * With `firstClause`, the text's first piece may be a clause (see {@link firstClauseEnd}) cut off
 * while its sentence is still being written; every later piece is a sentence. A sentence whose
 * end has already come is never cut so: it is said whole, as soon as it would have been anyway.
 */
export interface SentenceSplitterOptions {
  /** Cut sentences longer than this many characters (default 240). */
  maxChars?: number;
  /** The first piece may be a clause of at least this many words; absent: sentences only. */
  firstClause?: FirstClauseRule;
}

/** The text ends in a sentence's end whose next character has not come yet. */
const ENDING = /[.!?…]["')\]”’»]*$/;

const ABBREVIATIONS = new Set([
  'mr',
  'mrs',
  'ms',
  'dr',
  'prof',
  'sr',
  'jr',
  'st',
  'vs',
  'etc',
  'e.g',
  'i.e',
  'approx',
  'no',
  'fig',
  'inc',
  'ltd',
  'co',
  'mt',
  'jan',
  'feb',
  'mar',
  'apr',
  'jun',
  'jul',
  'aug',
  'sep',
  'sept',
  'oct',
  'nov',
  'dec',
  'a.m',
  'p.m',
  'u.s',
  'u.k',
]);

const CLOSERS = new Set(['"', "'", ')', ']', '”', '’', '»']);

export class SentenceSplitter {
  private buffer = '';
  /** Where in the buffer the words {@link words} gave out end: the piece is never cut before. */
  private shown = 0;
  /** Pieces given out so far. */
  private pieces = 0;
  private readonly maxChars: number;
  private readonly firstClause: FirstClauseRule | undefined;

  constructor(options: SentenceSplitterOptions = {}) {
    this.maxChars = options.maxChars ?? 240;
    this.firstClause = options.firstClause;
  }

  /** Adds streamed text; returns the sentences it completed (trimmed, non-empty). */
  push(text: string): string[] {
    this.buffer += text;
    const out: string[] = [];
    for (;;) {
      const end = this.findBoundary();
      const cut = end === -1 ? this.clauseEnd() : end;
      if (cut === -1) break;
      this.take(cut, out);
    }
    while (this.buffer.length > this.maxChars) this.take(this.cutPoint(), out);
    return out;
  }

  /**
   * The words of the piece being written that were not given out yet, for a voice that takes
   * text as it streams: whole words only (up to the last white space), spaces collapsed; ''
   * when none. The piece will start with them: it is never cut before words given out.
   */
  words(): string {
    const end = this.buffer.search(/\s\S*$/);
    if (end <= this.shown) return '';
    // Punctuation alone is no piece (see take): nothing is given out until a word comes.
    if (!/[\p{L}\p{N}]/u.test(this.buffer.slice(0, end))) return '';
    const words = this.buffer.slice(this.shown, end).replace(/\s+/g, ' ').trim();
    this.shown = end;
    return words;
  }

  /** Returns whatever text remains as a last sentence (or nothing). */
  flush(): string[] {
    const out: string[] = [];
    this.take(this.buffer.length, out);
    return out;
  }

  private take(end: number, out: string[]): void {
    const sentence = this.buffer.slice(0, end).replace(/\s+/g, ' ').trim();
    this.buffer = this.buffer.slice(end);
    this.shown = Math.max(0, this.shown - end);
    // Punctuation alone is not worth a TTS request.
    if (/[\p{L}\p{N}]/u.test(sentence)) {
      out.push(sentence);
      this.pieces++;
    }
  }

  /** Where the first piece may end as a clause, or -1: not the first, or not yet (or never). */
  private clauseEnd(): number {
    if (!this.firstClause || this.pieces > 0 || ENDING.test(this.buffer.trimEnd())) return -1;
    return firstClauseEnd(this.buffer, this.firstClause, this.shown);
  }

  /** Index just past the first sentence end whose following whitespace has arrived, or -1. */
  private findBoundary(): number {
    const b = this.buffer;
    for (let i = 0; i < b.length; i++) {
      const ch = b[i];
      if (ch === '\n') return i + 1;
      if (ch !== '.' && ch !== '!' && ch !== '?' && ch !== '…') continue;
      let j = i + 1;
      while (j < b.length && (b[j] === '.' || b[j] === '!' || b[j] === '?')) j++;
      while (j < b.length && CLOSERS.has(b[j] ?? '')) j++;
      if (j >= b.length) return -1; // need the next character to decide
      if (!/\s/.test(b[j] ?? '')) {
        i = j - 1;
        continue;
      }
      if (ch === '.' && j === i + 1 && this.isNonTerminalPeriod(i)) continue;
      return j;
    }
    return -1;
  }

  private isNonTerminalPeriod(dot: number): boolean {
    const before = this.buffer.slice(0, dot);
    const word = /([\p{L}.]+)$/u.exec(before)?.[1]?.toLowerCase() ?? '';
    if (ABBREVIATIONS.has(word)) return true;
    // A single capital letter: an initial ("J. Smith").
    if (/^\p{Lu}$/u.test(/(\p{L}+)$/u.exec(before)?.[1] ?? '')) return true;
    return false;
  }

  private cutPoint(): number {
    const window = this.buffer.slice(0, this.maxChars);
    const clause = Math.max(
      window.lastIndexOf(', '),
      window.lastIndexOf('; '),
      window.lastIndexOf(': '),
    );
    if (clause > this.maxChars / 3 && clause + 1 >= this.shown) return clause + 1;
    const space = window.lastIndexOf(' ');
    return Math.max(space > 0 ? space : this.maxChars, this.shown);
  }
}
