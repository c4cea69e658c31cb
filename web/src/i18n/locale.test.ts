import { describe, expect, it } from 'vitest';
import { browserLanguage, pageLocale } from './locale.ts';
import { speakable, startLanguage } from './language.ts';

describe('the page’s language', () => {
  it('reads nl, nl-NL and nl-BE as Dutch, anything else as English', () => {
    expect(['nl', 'nl-NL', 'nl-BE', 'NL-be'].map(pageLocale)).toEqual(['nl', 'nl', 'nl', 'nl']);
    expect(['en', 'en-GB', 'fr', 'de-NL', ''].map(pageLocale)).toEqual([
      'en',
      'en',
      'en',
      'en',
      'en',
    ]);
  });

  it('on a first run, takes the browser’s first language the page has, as the browser writes it', () => {
    expect(browserLanguage(['nl-BE', 'en-US'])).toBe('nl-BE');
    expect(browserLanguage(['de-DE', 'nl', 'en'])).toBe('nl');
    expect(browserLanguage(['fr-FR', 'de'])).toBe('en');
    expect(browserLanguage([])).toBe('en');
  });

  it('starts in the language this browser last showed, else the browser’s', () => {
    const kept = (value: string | null) => ({ getItem: () => value });
    expect(startLanguage(kept('en'), ['nl-NL'])).toBe('en');
    expect(startLanguage(kept(null), ['nl-NL'])).toBe('nl-NL');
    expect(startLanguage(null, ['nl'])).toBe('nl');
  });
});

describe('speakable', () => {
  const spoken = (language: string, recognised: string[] | null) => ({
    language,
    recognised,
    canEditProviders: true,
  });

  it('is false for a language none of the recognisers hears, true otherwise', () => {
    expect(speakable(spoken('nl', ['en']))).toBe(false);
    expect(speakable(spoken('nl-BE', ['en', 'nl']))).toBe(true);
    expect(speakable(spoken('nl', null))).toBe(true);
    expect(speakable(spoken('en-GB', ['en']))).toBe(true);
    // Before the relay said: the call is not held back.
    expect(speakable(null)).toBe(true);
  });
});
