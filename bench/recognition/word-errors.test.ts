import { describe, expect, it } from 'vitest';
import { scoredWords, spelt, wordErrors } from './word-errors.ts';

describe('word errors', () => {
  it('spells figures out as words', () => {
    expect(spelt(7)).toEqual(['seven']);
    expect(spelt(42)).toEqual(['forty', 'two']);
    expect(spelt(312)).toEqual(['three', 'hundred', 'twelve']);
    expect(spelt(2500)).toEqual(['two', 'thousand', 'five', 'hundred']);
  });

  it('scores two writings of the same words alike', () => {
    expect(scoredWords('Set a timer for 10 minutes.')).toEqual(
      scoredWords('set a timer for ten minutes'),
    );
    expect(scoredWords('Ill-disposed, young man?')).toEqual(['ill', 'disposed', 'young', 'man']);
  });

  it('counts substitutions, deletions and insertions', () => {
    const ref = scoredWords('what time is it');
    expect(wordErrors(ref, ref)).toBe(0);
    expect(wordErrors(ref, scoredWords('what time is a'))).toBe(1);
    expect(wordErrors(ref, scoredWords('what time'))).toBe(2);
    expect(wordErrors(ref, scoredWords('so what time is it now'))).toBe(2);
    expect(wordErrors(ref, [])).toBe(4);
  });
});
