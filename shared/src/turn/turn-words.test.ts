import { describe, expect, it } from 'vitest';
import { closedHearsLastWord, judgeWords, wordsOf } from './turn-words.ts';

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
    // Moonshine writes goodbye as the dictionary does.
    for (const bye of ['Good-bye.', 'Good-by,', 'Bye-bye!'])
      expect(judgeWords(bye), bye).toEqual({
        kind: 'complete',
        reason: `one-word answer '${bye.toLowerCase().replace(/[^a-z-]/g, '')}'`,
      });
    expect(judgeWords('weather')).toEqual({ kind: 'unknown', reason: "one word 'weather'" });
    expect(judgeWords('  ')).toEqual({ kind: 'unknown', reason: 'no words yet' });
  });

  it('reads words without case or punctuation, keeping apostrophes', () => {
    expect(wordsOf("What's the time, please?")).toEqual(["what's", 'the', 'time', 'please']);
    expect(judgeWords('Is it raining, AND').kind).toBe('incomplete');
  });
});

describe('closedHearsLastWord', () => {
  it.each([
    ['what time is a', 'what time is it'],
    ['what day is a', 'What day is it?'],
    ['how old is a', 'how old is she'],
    ['how much was a', 'how much was it'],
  ])('"%s" closed as "%s": the question is whole', (hypothesis, closed) => {
    expect(closedHearsLastWord(hypothesis, closed)).toBe(true);
  });

  it.each([
    // The final pass leaning to a sentence's end where the user paused (bench/end-of-turn).
    ['what are the opening hours of the', 'what are the opening hours of it'],
    ['what are the opening hours of a', 'what are the opening hours of it'],
    // A pause after "what is a" is a definition going on ("what is a … quasar").
    ['what is a', 'what is it'],
    // Not the last word alone, or not 'a' that was heard.
    ['what time is the', 'what time is it'],
    ['what time is', 'what time is it'],
    ['what tim is a', 'what time is it'],
    // Not a question closed by 'be' and its subject.
    ['the meeting is a', 'the meeting is that'],
    ['what time is a', 'what time is that'],
    ['what do you want a', 'what do you want it'],
  ])('"%s" closed as "%s": the hypothesis stands', (hypothesis, closed) => {
    expect(closedHearsLastWord(hypothesis, closed)).toBe(false);
  });
});
