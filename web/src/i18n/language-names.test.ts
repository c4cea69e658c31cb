import { describe, expect, it } from 'vitest';
import { intlFor } from './intl.ts';
import { languageOption } from './language-names.ts';

describe('languageOption', () => {
  it('names a language in its own words, then in the page’s', () => {
    expect(languageOption(intlFor('en'), 'nl')).toBe('Nederlands (Dutch)');
    expect(languageOption(intlFor('nl'), 'fr')).toBe('Français (Frans)');
    expect(languageOption(intlFor('nl'), 'nl')).toBe('Nederlands');
    expect(languageOption(intlFor('en'), 'en')).toBe('English');
  });
});
