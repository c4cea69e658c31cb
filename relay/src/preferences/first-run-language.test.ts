import { describe, expect, it } from 'vitest';
import { DEFAULT_PREFERENCES } from './defaults.ts';
import { firstRunPreferences } from './first-run-language.ts';

describe("a first run's page language", () => {
  it("saves the defaults in the page's language (its primary subtag)", () => {
    expect(firstRunPreferences('nl-BE', false)).toEqual({ ...DEFAULT_PREFERENCES, language: 'nl' });
    expect(firstRunPreferences('fr', false)).toEqual({ ...DEFAULT_PREFERENCES, language: 'fr' });
  });

  it('saves nothing for a user who saved preferences, whatever the page says', () => {
    expect(firstRunPreferences('nl', true)).toBeNull();
  });

  it("saves nothing when the page's language is the defaults' or one the relay does not offer", () => {
    expect(firstRunPreferences('en-GB', false)).toBeNull();
    expect(firstRunPreferences('tlh', false)).toBeNull();
    expect(firstRunPreferences('', false)).toBeNull();
  });
});
