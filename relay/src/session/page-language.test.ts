import { describe, expect, it } from 'vitest';
import type { UserPreferences } from '@parley/shared';
import { logger } from '../log/logger.ts';
import { embeddedPageLanguage } from './page-language.ts';
import { SessionPreferences, type PreferencesSource } from './turns/turn-preferences.ts';

describe('embeddedPageLanguage', () => {
  it("holds a site's session in its page's language, as its primary subtag", () => {
    expect(embeddedPageLanguage('en-GB', true)).toBe('en');
    expect(embeddedPageLanguage('nl', true)).toBe('nl');
  });

  it("holds nothing for the app's pages, a page that says none, or a language not offered", () => {
    expect(embeddedPageLanguage('nl', false)).toBeUndefined();
    expect(embeddedPageLanguage(undefined, true)).toBeUndefined();
    expect(embeddedPageLanguage('tlh', true)).toBeUndefined();
  });
});

describe('SessionPreferences held in a language', () => {
  const saved: UserPreferences = {
    persona: 'friendly',
    replyLength: 'short',
    speakingRate: 1,
    language: 'nl',
  };
  const source: PreferencesSource = { read: () => Promise.resolve(saved), known: () => saved };

  it('says the held language to the recogniser and the turns, whatever the user saved', async () => {
    const prefs = new SessionPreferences(source, 'noor', logger('test:page-language'));
    prefs.turnStarted(1);
    expect(prefs.language()).toBe('nl');
    expect((await prefs.of(1))?.language).toBe('nl');
    prefs.hold('en');
    prefs.turnStarted(2);
    expect(prefs.language()).toBe('en');
    const turn = await prefs.of(2);
    expect(turn?.language).toBe('en');
    expect(turn?.style.instructions).toContain('Always reply in English.');
    expect(turn?.style.instructions).not.toContain('Dutch');
  });
});
