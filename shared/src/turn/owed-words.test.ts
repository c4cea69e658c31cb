import { describe, expect, it } from 'vitest';
import { judgeWords } from './turn-words.ts';

const nl = (text: string) => judgeWords(text, 'nl');

describe('what the last words owe, in Dutch (issue 62, item 4)', () => {
  it.each([
    // A particle after no verb that takes it is a preposition owing its object.
    ['de les begint om', "trailing preposition 'om'"],
    // "zet … om" and "zet … op" are left to the value that follows ("zet de wekker om zeven uur").
    ['zet de wekker om', "trailing preposition 'om'"],
    ['zet het volume op', "trailing preposition 'op'"],
    ['ik denk aan', "trailing preposition 'aan'"],
    ['ik reken op', "trailing preposition 'op'"],
    ['de trein komt aan op', "trailing preposition 'op'"],
    ['hoeveel is tien procent uit', "trailing preposition 'uit'"],
    // After a preposition "het" and "dat" are articles.
    ['leg het boek op het', "trailing article 'het'"],
    ['zet de boter naast het', "trailing article 'het'"],
    // "dat" and "die" after a noun open a clause.
    ['zeg tegen mijn moeder dat', "'dat' after a noun opens a clause"],
    ['ik heb een vriend die', "'die' after a noun opens a clause"],
    // A subject after a subordinating word owes the clause's verb.
    ['ik hoop dat je', "'dat je' owes its verb"],
    ['laat het weten als u', "'als u' owes its verb"],
    ['ik bel je zodra ik', "'zodra ik' owes its verb"],
    // A number after a verb or another number owes its unit or its next digits.
    ['de code is vier zeven', "number 'zeven' owes more"],
    ['we hebben veertig', "number 'veertig' owes more"],
    ['het weegt tweeëntwintig', "number 'tweeëntwintig' owes more"],
    ['mijn nummer is 06', "number '06' owes more"],
  ])('"%s" goes on: %s', (text, reason) => {
    expect(nl(text)).toMatchObject({ kind: 'incomplete', reason });
  });

  it.each([
    // A particle after a verb that takes it closes the command.
    'lees de mail voor',
    'stel je voor',
    'leg het uit',
    'reken het om',
    'zeg de afspraak af',
    'neem je jas mee',
    'bel me terug',
    'sla dit nummer over',
    'vul het formulier in',
    'hou op',
    // A number after an operator, a preposition or "half" is a whole value.
    'wat is zeven keer acht',
    'het is kwart voor drie',
    'het is half vier',
    'zet de thermostaat op negentien',
    'een tafel voor zes',
    // A short question about a thing opens no clause; "het" after a verb is the pronoun.
    'is dat het',
    'ik weet het',
    'ik zie die',
  ])('"%s" is complete', (text) => {
    expect(nl(text).kind).toBe('complete');
  });

  it('judges a particle alone as any one word', () => {
    expect(nl('uit')).toEqual({ kind: 'unknown', reason: "one word 'uit'" });
  });
});

describe('what the last words owe, in English (issue 62, item 4)', () => {
  it.each([
    ['tell the driver that', "'that' after a noun opens a clause"],
    ['book the hotel which', "'which' after a noun opens a clause"],
    ['my pin is four four', "number 'four' owes more"],
    ['the room number is six', "number 'six' owes more"],
    ['i hope that you', "'that you' owes its verb"],
    ['call me when you', "'when you' owes its verb"],
  ])('"%s" goes on: %s', (text, reason) => {
    expect(judgeWords(text, 'en')).toMatchObject({ kind: 'incomplete', reason });
  });

  it.each([
    'what is seven times eight',
    'a table for six',
    'it is quarter past six',
    'play track seven',
    'is that it',
    'i like that',
    'give me that',
  ])('"%s" is complete', (text) => {
    expect(judgeWords(text, 'en').kind).toBe('complete');
  });
});
