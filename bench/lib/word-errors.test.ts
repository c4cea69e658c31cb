import { describe, expect, it } from 'vitest';
import { wordErrorRate, wordErrors } from './word-errors.ts';

describe('wordErrors', () => {
  it('counts substitutions, deletions and insertions of words', () => {
    expect(wordErrors('what time is it', 'what time is it')).toEqual({ errors: 0, words: 4 });
    expect(wordErrors('what time is it', 'what time is a')).toEqual({ errors: 1, words: 4 });
    expect(wordErrors('what time is it', 'what is it')).toEqual({ errors: 1, words: 4 });
    expect(wordErrors('what time is it', 'what time is it right now')).toEqual({
      errors: 2,
      words: 4,
    });
    expect(wordErrors('hello', '')).toEqual({ errors: 1, words: 1 });
  });

  it('ignores case and punctuation', () => {
    expect(wordErrors("It's five o'clock.", "it's five o'clock")).toEqual({ errors: 0, words: 3 });
  });

  it('sums errors over reference words for a rate', () => {
    expect(
      wordErrorRate([
        { said: 'what time is it', heard: 'what time is a' },
        { said: 'good morning', heard: 'good morning' },
        { said: 'thank you', heard: 'sin que' },
      ]),
    ).toBeCloseTo(3 / 8);
  });
});
