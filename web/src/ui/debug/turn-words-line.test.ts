import { describe, expect, it } from 'vitest';
import { intlFor } from '../../i18n/intl.ts';
import { turnWordsLine } from './turn-words-line.ts';

describe('turnWordsLine (issue 62)', () => {
  it('says, in the page’s language, that a language without turn words is taken by voice and silence', () => {
    expect(turnWordsLine(intlFor('en'), 'fr-FR')).toBe(
      'No turn words for Français (French): the voice and the silence decide when your turn ends, and a sound’s length whether it stops the reply.',
    );
    expect(turnWordsLine(intlFor('nl'), 'fr')).toBe(
      'Geen beurtwoorden voor Français (Frans): de stem en de stilte bepalen wanneer je beurt eindigt, en de lengte van een geluid of het het antwoord onderbreekt.',
    );
  });

  it('says nothing in a language with a table, or before a call said which', () => {
    expect(turnWordsLine(intlFor('en'), 'nl-NL')).toBeNull();
    expect(turnWordsLine(intlFor('nl'), 'en')).toBeNull();
    expect(turnWordsLine(intlFor('en'), null)).toBeNull();
  });
});
