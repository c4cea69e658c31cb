import { describe, expect, it } from 'vitest';
import { YES_NO_WORDS, yesNoWords, yesOrNo } from './yes-no.ts';

describe('yesOrNo: what answers "Shall I delete the note?"', () => {
  // Issue 60 item 2: each of these ran delete_note, as a yes that starts the answer.
  it.each([
    'please tell me what that note says first',
    'sure but only the banana one',
    'right which note is that',
    'ok what time is it',
    'alright hmm let me think',
  ])('%j is no yes: the assistant asks again', (words) => {
    expect(yesOrNo(words)).toBeNull();
  });

  it.each([
    'yes please',
    'yeah go ahead',
    'sure, thanks',
    'do it',
    'Yes.',
    'Okay',
    'Sure, please do!',
    'please',
    'yep thank you',
    "That's right.",
    'all right',
  ])('%j is a yes', (words) => {
    expect(yesOrNo(words)).toBe('yes');
  });

  it.each([
    'No.',
    'no thanks',
    "Don't.",
    'yes — no, wait',
    'yes no wait',
    'Not now',
    'sure, hold on',
    'cancel that',
    'never mind',
    'stop',
  ])('%j is a no (a no word anywhere)', (words) => {
    expect(yesOrNo(words)).toBe('no');
  });

  it.each([
    ['', 'nothing said'],
    ['thanks', 'politeness alone'],
    ['I guess yes', 'more than a yes'],
    ['yes, and add eggs too', 'more than a yes'],
    ['yes?', 'a question'],
    ['yes yes yes yes yes yes yes', 'too long to be only a yes'],
    ['what is the weather', 'something else'],
  ])('%j is neither (%s)', (words) => {
    expect(yesOrNo(words)).toBeNull();
  });

  it('reads a language without a table as English', () => {
    expect(yesNoWords('en-GB')).toBe(YES_NO_WORDS.en);
    expect(yesNoWords('xx')).toBe(YES_NO_WORDS.en);
    expect(yesOrNo('yes please', 'fr')).toBe('yes');
  });

  it('keeps every phrase of a table lower case, words apart by single spaces', () => {
    for (const table of Object.values(YES_NO_WORDS))
      for (const phrase of [...table.yes, ...table.no, ...table.polite])
        expect(phrase).toMatch(/^[\p{Ll}\p{N}']+( [\p{Ll}\p{N}']+)*$/u);
  });
});
