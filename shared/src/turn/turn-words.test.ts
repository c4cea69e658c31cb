import { describe, expect, it } from 'vitest';
import { judgeWords, wordsOf } from './turn-words.ts';

describe('judgeWords', () => {
  it.each([
    ['what time is it', 'complete question'],
    ['what can you do', 'complete question'],
    ['how are you', 'complete question'],
    ['can you help me', 'complete question'],
    ['good morning', 'complete statement'],
    ['I like that', 'complete statement'],
    ['thank you very much', 'complete statement'],
    ["I'd like to book a table for two", 'complete statement'],
    ['what is five times six', 'complete question'],
    ['what is that', 'complete question'],
    ['is that', 'complete question'],
  ])('"%s" is complete: %s', (text, reason) => {
    expect(judgeWords(text)).toEqual({ kind: 'complete', reason });
  });

  it.each([
    ["I'd like to book a table for", "trailing preposition 'for'"],
    ['tea and', "trailing conjunction 'and'"],
    ['play me the', "trailing article 'the'"],
    ['what is the weather um', "trailing filler 'um'"],
    // PocketSphinx writes a user's "um" so.
    ["what is 'em", "trailing filler ''em'"],
    ['I want', "trailing verb 'want'"],
    ['so I', "trailing pronoun 'i'"],
    ['set a timer for twenty', "number 'twenty' goes on"],
    ['can you tell me', "trailing 'tell me'"],
    ['can you', "trailing 'can you'"],
    ['what is the capital of', "trailing preposition 'of'"],
    ['the problem is that', "trailing 'is that'"],
  ])('"%s" goes on: %s', (text, reason) => {
    expect(judgeWords(text)).toEqual({ kind: 'incomplete', reason });
  });

  it('takes a one-word answer as complete, another single word as unknown, nothing as unknown', () => {
    expect(judgeWords('Yes.').kind).toBe('complete');
    expect(judgeWords('thanks').kind).toBe('complete');
    expect(judgeWords('weather')).toEqual({ kind: 'unknown', reason: "one word 'weather'" });
    expect(judgeWords('  ')).toEqual({ kind: 'unknown', reason: 'no words yet' });
  });

  it('reads words without case or punctuation, keeping apostrophes', () => {
    expect(wordsOf("What's the time, please?")).toEqual(["what's", 'the', 'time', 'please']);
    expect(judgeWords('Is it raining, AND').kind).toBe('incomplete');
  });
});
