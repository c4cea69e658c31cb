import { describe, expect, it } from 'vitest';
import { sanitizeForFlite, splitForSynthesis } from './flite-text.ts';

describe('sanitizeForFlite', () => {
  it('collapses whitespace and removes control and format characters', () => {
    expect(
      sanitizeForFlite('  Hello\u0000\tthere\r\n\u202Efriend\u200B!\u001b[31m ', 1000),
    ).toEqual({
      text: 'Hello there friend ! [31m',
      truncated: false,
    });
  });

  it('empties text with nothing to say', () => {
    for (const input of ['', '   ', '\n\t', '...', '\u0000\u0007', '?!'])
      expect(sanitizeForFlite(input, 1000).text).toBe('');
  });

  it('keeps option-like text (Flite speaks the argument after -t verbatim)', () => {
    expect(sanitizeForFlite('--help', 1000).text).toBe('--help');
    expect(sanitizeForFlite('-voice x', 1000).text).toBe('-voice x');
  });

  it('cuts long text at a word boundary', () => {
    const { text, truncated } = sanitizeForFlite('word '.repeat(300), 1000);
    expect(truncated).toBe(true);
    expect(text.length).toBeLessThanOrEqual(1000);
    expect(text.endsWith('word')).toBe(true);
  });

  it('cuts a long run without spaces hard, never splitting a surrogate pair', () => {
    expect(sanitizeForFlite('a'.repeat(2000), 1000).text).toHaveLength(1000);
    expect(sanitizeForFlite(`${'a'.repeat(9)}😀`, 10).text).toBe('a'.repeat(9));
  });
});

describe('splitForSynthesis', () => {
  it('keeps text that fits whole', () => {
    expect(splitForSynthesis('One. Two.', 200)).toEqual(['One. Two.']);
    expect(splitForSynthesis('', 200)).toEqual([]);
  });

  it('splits at sentence ends, packing sentences up to the limit', () => {
    expect(splitForSynthesis('One two. Three four! Five six? Seven.', 20)).toEqual([
      'One two. Three four!',
      'Five six? Seven.',
    ]);
  });

  it('falls back to clauses, words and hard cuts', () => {
    expect(splitForSynthesis('alpha beta, gamma delta, epsilon', 12)).toEqual([
      'alpha beta,',
      'gamma delta,',
      'epsilon',
    ]);
    expect(splitForSynthesis('abcdefghij klm', 4)).toEqual(['abcd', 'efgh', 'ij', 'klm']);
  });

  it('never returns a piece over the limit', () => {
    const text = sanitizeForFlite(
      'Lorem ipsum dolor sit amet, consectetur adipiscing elit. '.repeat(40),
      1000,
    ).text;
    const pieces = splitForSynthesis(text, 200);
    expect(pieces.every((piece) => piece.length <= 200 && piece.length > 0)).toBe(true);
    expect(pieces.join(' ')).toBe(text);
  });
});
