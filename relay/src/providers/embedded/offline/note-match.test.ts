import { describe, expect, it } from 'vitest';
import { forgetRequest, isAboutUser, isQuestion, notesAnswering, sameAs } from './note-match.ts';
import { ENGLISH_RECALL_WORDS as en } from './recall-words.ts';

const notes = (...texts: string[]) => texts.map((text, i) => ({ id: String(i), text }));
const best = (question: string, ...texts: string[]) =>
  notesAnswering(question, notes(...texts), en, 'best').notes.map((n) => n.text);

describe('the notes that answer a question', () => {
  it('finds a fact by the words of the question, whatever their form', () => {
    const saved = ['My sister is called Anna', "My sister's birthday is on May 3"];
    expect(best('what is my sister called', ...saved)).toEqual(['My sister is called Anna']);
    expect(best("what's my sister's name", ...saved)).toEqual([
      'My sister is called Anna',
      "My sister's birthday is on May 3",
    ]);
    expect(best('when is my sisters birthday', ...saved)).toEqual([
      "My sister's birthday is on May 3",
    ]);
    expect(best('where did I park', 'I parked the car on level 3')).toEqual([
      'I parked the car on level 3',
    ]);
  });

  it('answers nothing from common words alone when the question names its subject', () => {
    expect(best('what is my wife called', 'My sister is called Anna')).toEqual([]);
    // The question's own words ("what is my name") are common: then they decide.
    expect(best('what is my name', 'My name is Sam', 'My car is blue')).toEqual(['My name is Sam']);
  });

  it('leaves a question with no subject to the responder’s own rules', () => {
    for (const q of ['what time is it', 'what is the date today', 'what do you remember'])
      expect(notesAnswering(q, notes('It is time to go'), en, 'best').subject, q).toBe(false);
    // Its own intents' words do not hide the subject: today's date is not a birthday.
    expect(best("what date is my sister's birthday", "My sister's birthday is on May 3")).toEqual([
      "My sister's birthday is on May 3",
    ]);
  });

  it('gives every note about a subject when asked what it knows about it', () => {
    const saved = ['My sister is called Anna', 'My car is blue', 'Anna my sister lives in Oslo'];
    expect(
      notesAnswering('my sisters', notes(...saved), en, 'all').notes.map((n) => n.text),
    ).toEqual(['My sister is called Anna', 'Anna my sister lives in Oslo']);
  });

  it('tells questions, and questions about the user', () => {
    expect(isQuestion('what is my sister called', en)).toBe(true);
    expect(isQuestion('tell me my wifi password', en)).toBe(true);
    expect(isQuestion('the key is under the mat?', en)).toBe(true);
    expect(isQuestion('my sister is called Anna', en)).toBe(false);
    expect(isAboutUser('where did I park', en)).toBe(true);
    expect(isAboutUser('tell me a joke', en)).toBe(false);
  });
});

describe('a note that says what another says', () => {
  it('is found whatever the order, form and small words', () => {
    const saved = notes("My sister's name is Anna", 'The spare key is under the mat');
    expect(sameAs('my sister is named Anna', saved, en)?.text).toBe("My sister's name is Anna");
    expect(sameAs('the spare key is under the mat.', saved, en)?.id).toBe('1');
  });

  it('is not a note that says something else', () => {
    const saved = notes('My sister is called Anna', 'My car is on level 3');
    expect(sameAs('My sister is called Anne', saved, en)).toBeNull();
    expect(sameAs('My car is on level 4', saved, en)).toBeNull();
    expect(sameAs('My sister is not called Anna', saved, en)).toBeNull();
  });
});

describe('a request to forget', () => {
  it.each([
    ['forget that', { kind: 'last' }],
    ['Forget the last note.', { kind: 'last' }],
    ['please forget what I just told you', { kind: 'last' }],
    ['delete the last note', { kind: 'last' }],
    ['forget about my sister', { kind: 'about', words: 'my sister' }],
    ['forget that my sister is called Anna', { kind: 'about', words: 'my sister is called anna' }],
    ["forget my sister's name", { kind: 'about', words: "my sister's name" }],
  ])('%s', (said, request) => {
    expect(forgetRequest(said)).toEqual(request);
  });

  it('is not anything else', () => {
    for (const said of ['I forgot my keys', 'remember that', 'what did I forget']) {
      expect(forgetRequest(said), said).toBeNull();
    }
  });
});
