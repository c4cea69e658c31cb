import { describe, expect, it } from 'vitest';
import type { PreferencesResponse, UserPreferences } from '@parley/shared';
import { languageStore } from './language.ts';
import { followPreferenceLanguage, languagePlan } from './preference-language.ts';

const DEFAULTS: UserPreferences = {
  persona: 'friendly',
  replyLength: 'short',
  speakingRate: 1,
  language: 'en',
};

const response = (language: string, saved: boolean): PreferencesResponse => ({
  preferences: { ...DEFAULTS, language },
  options: {
    personas: [],
    voices: [],
    languages: [],
    recognised: ['en'],
    speakingRate: false,
    defaultEagerness: 'balanced',
  },
  canEditProviders: true,
  saved,
});

describe('languagePlan', () => {
  it('follows a saved preference, whatever the browser asks', () => {
    expect(languagePlan(response('en', true), ['nl-NL'])).toEqual({ page: 'en', save: null });
    expect(languagePlan(response('nl', true), ['en-US'])).toEqual({ page: 'nl', save: null });
  });

  it('on a first run takes the browser’s language, and saves it when it is not the default', () => {
    expect(languagePlan(response('en', false), ['nl-NL', 'en'])).toEqual({
      page: 'nl-NL',
      save: 'nl',
    });
    expect(languagePlan(response('en', false), ['en-US'])).toEqual({ page: 'en-US', save: null });
    expect(languagePlan(response('en', false), ['fr-FR'])).toEqual({ page: 'en', save: null });
  });
});

describe('followPreferenceLanguage', () => {
  it('saves a Dutch browser’s language as the preference on a first run, and the page follows', async () => {
    const puts: UserPreferences[] = [];
    await followPreferenceLanguage(
      {
        get: () => Promise.resolve(response('en', false)),
        put: (p) => {
          puts.push(p);
          return Promise.resolve(response(p.language, true));
        },
      },
      ['nl-NL'],
    );
    expect(puts).toEqual([{ ...DEFAULTS, language: 'nl' }]);
    expect(languageStore.getState()).toMatchObject({
      language: 'nl',
      spoken: { language: 'nl', recognised: ['en'], canEditProviders: true },
    });
    // A saved preference is followed, and nothing is saved again.
    await followPreferenceLanguage(
      {
        get: () => Promise.resolve(response('en', true)),
        put: (p) => {
          puts.push(p);
          return Promise.resolve(response(p.language, true));
        },
      },
      ['nl-NL'],
    );
    expect(puts).toHaveLength(1);
    expect(languageStore.getState().language).toBe('en');
  });
});
