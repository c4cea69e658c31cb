import { describe, expect, it } from 'vitest';
import { SentenceSplitter } from './sentence-splitter.ts';

/** Feeds `text` in pieces of `step` characters, as a token stream would. */
function split(text: string, step = 3, maxChars?: number): string[] {
  const s = new SentenceSplitter(maxChars === undefined ? {} : { maxChars });
  const out: string[] = [];
  for (let i = 0; i < text.length; i += step) out.push(...s.push(text.slice(i, i + step)));
  out.push(...s.flush());
  return out;
}

describe('SentenceSplitter', () => {
  it('splits on sentence ends as the text streams in', () => {
    expect(split('Hello there. How are you? I am fine!')).toEqual([
      'Hello there.',
      'How are you?',
      'I am fine!',
    ]);
  });

  it('emits a sentence as soon as the whitespace after it arrives, before the stream ends', () => {
    const s = new SentenceSplitter();
    expect(s.push('It is two')).toEqual([]);
    expect(s.push(' o’clock.')).toEqual([]);
    expect(s.push(' Anything')).toEqual(['It is two o’clock.']);
    expect(s.flush()).toEqual(['Anything']);
  });

  it('does not split decimals, abbreviations or initials', () => {
    expect(split('Pi is 3.14 roughly. Dr. Smith met J. R. Tolkien, e.g. at noon. Done.')).toEqual([
      'Pi is 3.14 roughly.',
      'Dr. Smith met J. R. Tolkien, e.g. at noon.',
      'Done.',
    ]);
  });

  it('keeps closing quotes and repeated punctuation with the sentence', () => {
    expect(split('He said "stop!" Then left... Really?! Yes.')).toEqual([
      'He said "stop!"',
      'Then left...',
      'Really?!',
      'Yes.',
    ]);
  });

  it('splits on line breaks and drops empty pieces', () => {
    expect(split('- first item\n\n- second item\n')).toEqual(['- first item', '- second item']);
  });

  it('never emits punctuation alone', () => {
    expect(split('Okay. " ... !')).toEqual(['Okay.']);
  });

  it('cuts a run-on sentence at a clause boundary before maxChars', () => {
    const text = 'one two three four, five six seven eight nine ten eleven twelve thirteen';
    const out = split(text, 5, 40);
    expect(out[0]).toBe('one two three four,');
    expect(out.every((x) => x.length <= 40)).toBe(true);
    expect(out.join(' ')).toBe(text);
  });

  it('cuts at a space when there is no clause boundary', () => {
    const out = split('a'.repeat(10) + ' ' + 'b'.repeat(10) + ' ' + 'c'.repeat(10), 4, 15);
    expect(out).toEqual(['a'.repeat(10), 'b'.repeat(10), 'c'.repeat(10)]);
  });

  describe('with a first clause', () => {
    const clauses = (text: string, step = 3) => {
      const s = new SentenceSplitter({ firstClause: { minWords: 4 } });
      const out: string[] = [];
      for (let i = 0; i < text.length; i += step) out.push(...s.push(text.slice(i, i + step)));
      return [...out, ...s.flush()];
    };

    it('gives out the reply’s first clause as soon as it is written, then sentences', () => {
      const s = new SentenceSplitter({ firstClause: { minWords: 4 } });
      expect(s.push('That is a good question,')).toEqual([]);
      expect(s.push(' and')).toEqual(['That is a good question,']);
      expect(s.push(' the short answer, in brief, is yes.')).toEqual([]);
      expect(s.push(' Here, as promised, is more.')).toEqual([
        'and the short answer, in brief, is yes.',
      ]);
      expect(s.flush()).toEqual(['Here, as promised, is more.']);
    });

    it('says a sentence whole when its end came with its first clause', () => {
      expect(
        clauses('That is a good question, and yes. More, and more, follows here.', 200),
      ).toEqual(['That is a good question, and yes.', 'More, and more, follows here.']);
      const s = new SentenceSplitter({ firstClause: { minWords: 4 } });
      expect(s.push('That is a good question, and yes.')).toEqual([]);
      expect(s.push(' Then')).toEqual(['That is a good question, and yes.']);
    });

    it('keeps every word, in order, whatever the pieces', () => {
      const text =
        'Well, in short, the answer is yes: it costs 1,234 dollars, e.g., a lot. Then more.';
      for (const step of [1, 2, 5, 13]) {
        const out = clauses(text, step);
        expect(out.join(' ')).toBe(text);
        expect(out[0]).toBe('Well, in short, the answer is yes:');
      }
    });
  });

  describe('giving out the words of the piece being written', () => {
    it('gives out whole words as they come, and the piece starts with them', () => {
      const s = new SentenceSplitter({ firstClause: { minWords: 4 } });
      s.push('That is');
      expect(s.words()).toBe('That');
      expect(s.words()).toBe('');
      expect(s.push(' a  good question,')).toEqual([]);
      expect(s.words()).toBe('is a good');
      expect(s.push(' and')).toEqual(['That is a good question,']);
      expect(s.words()).toBe('');
      s.push(' the');
      expect(s.words()).toBe('and');
    });

    it('never cuts a clause before words given out', () => {
      const s = new SentenceSplitter({ firstClause: { minWords: 4 } });
      // "Dr." might end the sentence: the clause waits, and its words go out meanwhile.
      expect(s.push('That is a good question, and Dr.')).toEqual([]);
      expect(s.words()).toBe('That is a good question, and');
      expect(s.push(' Smith agrees.')).toEqual([]);
      expect(s.push(' Next')).toEqual(['That is a good question, and Dr. Smith agrees.']);
    });

    it('gives out nothing until a word comes', () => {
      const s = new SentenceSplitter();
      s.push('* ');
      expect(s.words()).toBe('');
      s.push('Well ');
      expect(s.words()).toBe('* Well');
    });
  });
});
