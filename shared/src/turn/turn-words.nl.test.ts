import { describe, expect, it } from 'vitest';
import { primaryLanguage, TURN_WORDS, turnWordsFor } from './turn-languages.ts';
import { closedHearsLastWord, judgeWords } from './turn-words.ts';

const nl = (text: string) => judgeWords(text, 'nl-NL');

describe('judgeWords in Dutch', () => {
  it.each([
    ['hoe laat is het', 'complete question'],
    ['wat is het weer morgen', 'complete question'],
    ['kun je me helpen', 'complete question'],
    ['hoe gaat het', 'complete question'],
    ['wat is dat', 'complete question'],
    ['goedemorgen allemaal', 'complete statement'],
    ['ik wil een tafel voor twee', 'complete statement'],
    ['het is kwart over twee', 'complete statement'],
    // Separable particles close a command: no preposition owed.
    ['doe het licht uit', 'complete statement'],
    ['zet de radio aan', 'complete statement'],
    ['schrijf het op', 'complete statement'],
    // "het" and "je" end sentences as pronouns.
    ['ik weet het', 'complete statement'],
    ['dank je', 'complete statement'],
    // A verb last closes a subordinate clause.
    ['weet je hoe laat het is', 'complete question'],
    ['als je wilt', 'complete statement'],
    ['ik weet niet of dat kan', 'complete statement'],
    // "maar" as a particle after a verb, a modal after "dat".
    ['doe maar', 'complete statement'],
    ['laat maar', 'complete statement'],
    ['dat kan', 'complete statement'],
    ['wat doen we dan', 'complete question'],
    ['dat klopt niet', 'complete statement'],
  ])('"%s" is complete: %s', (text, reason) => {
    expect(nl(text)).toEqual({ kind: 'complete', reason });
  });

  it.each([
    ['ik wil een tafel reserveren voor', "trailing preposition 'voor'"],
    ['wat is het weer in', "trailing preposition 'in'"],
    ['de hoofdstad van', "trailing preposition 'van'"],
    ['ik wil naar', "trailing preposition 'naar'"],
    ['het is kwart over', "trailing preposition 'over'"],
    ['thee en', "trailing conjunction 'en'"],
    ['ja maar', "trailing conjunction 'maar'"],
    ['ik blijf thuis omdat', "trailing conjunction 'omdat'"],
    ['speel een liedje van de', "trailing article 'de'"],
    ['ik wil een', "trailing article 'een'"],
    ['ik heb geen', "trailing article 'geen'"],
    ['wat is het weer eh', "trailing filler 'eh'"],
    ['zet een wekker om ehm', "trailing filler 'ehm'"],
    ['ik wil', "trailing verb 'wil'"],
    ['wat is', "trailing verb 'is'"],
    ['mijn naam is', "trailing verb 'is'"],
    ['kun je', "trailing 'kun je'"],
    ['vertel me', "trailing 'vertel me'"],
    ['ik denk dat', "trailing 'denk dat'"],
    ['het probleem is dat', "trailing 'is dat'"],
    ['het kost honderd', "number 'honderd' goes on"],
    ['het kost tweehonderd', "number 'tweehonderd' goes on"],
    ['zet een wekker om half', "number 'half' goes on"],
  ])('"%s" goes on: %s', (text, reason) => {
    expect(nl(text)).toEqual({ kind: 'incomplete', reason });
  });

  it('takes a Dutch one-word answer as complete, another single word as unknown', () => {
    for (const word of ['Ja.', 'nee', 'Oké!', 'bedankt', 'precies', 'klopt', 'momentje'])
      expect(nl(word).kind, word).toBe('complete');
    expect(nl('weer')).toEqual({ kind: 'unknown', reason: "one word 'weer'" });
  });

  it('reads Dutch by the Dutch table, English by the English one', () => {
    // "in" owes its object in both; "uit" is a particle in Dutch, "out" no preposition in English.
    expect(judgeWords('doe het licht uit', 'nl').kind).toBe('complete');
    expect(judgeWords('what is the weather in', 'en').kind).toBe('incomplete');
    expect(judgeWords('what is the weather in').kind).toBe('incomplete');
    // "the" is an English article, no Dutch word: as Dutch it ends nothing.
    expect(judgeWords('speel iets van the', 'nl').kind).toBe('complete');
    expect(judgeWords('play something by the', 'en').kind).toBe('incomplete');
  });

  it('has no closed-reading rule in Dutch (no recogniser reads its pauses twice)', () => {
    expect(closedHearsLastWord('what time is a', 'what time is it', 'en')).toBe(true);
    expect(closedHearsLastWord('what time is a', 'what time is it', 'nl')).toBe(false);
  });
});

describe('a language without a table', () => {
  it('says the voice and the silence decide, whatever the words', () => {
    for (const text of ['wie spät ist es', 'ich möchte nach', ''])
      expect(judgeWords(text, 'de-DE')).toEqual({
        kind: 'unknown',
        reason: "no turn words for 'de': voice and silence decide",
      });
  });

  it('finds a table by the primary subtag, English when none is given', () => {
    expect(turnWordsFor('nl-BE')?.language).toBe('nl');
    expect(turnWordsFor('NL')?.language).toBe('nl');
    expect(turnWordsFor()?.language).toBe('en');
    expect(turnWordsFor('en-GB')?.language).toBe('en');
    expect(turnWordsFor('fr')).toBeNull();
    expect(primaryLanguage('nl-NL')).toBe('nl');
  });

  it('keeps every list lower case and without stray spaces (as wordsOf writes words)', () => {
    for (const table of Object.values(TURN_WORDS)) {
      const lists: (readonly string[])[] = [
        ...Object.values(table.endOfTurn.continues),
        table.endOfTurn.numberContinues,
        table.endOfTurn.pairsContinue,
        table.endOfTurn.pairsComplete ?? [],
        table.endOfTurn.wholeWords,
        table.endOfTurn.questionStarts,
        ...Object.values<readonly string[]>({ ...table.bargeIn }),
      ];
      for (const entry of lists.flat())
        expect(entry, `${table.language}: "${entry}"`).toMatch(
          /^[\p{Ll}\p{N}'-]+( [\p{Ll}\p{N}'-]+)*$/u,
        );
    }
  });
});
