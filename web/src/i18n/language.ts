import { useStore } from 'zustand';
import { createStore } from 'zustand/vanilla';
import type { IntlShape } from 'react-intl';
import { intlFor } from './intl.ts';
import { browserLanguage } from './locale.ts';

/** The localStorage key of the page's last language, so a reload paints in it at once. */
export const LANGUAGE_KEY = 'parley.language';

/** What the relay said of the conversation's language: the preference, and who can hear it. */
export interface SpokenLanguage {
  /** The user's preference (BCP 47): what the conversation is held in. */
  language: string;
  /** The languages the recognisers hear (primary subtags), or null: any (see the protocol). */
  recognised: readonly string[] | null;
  /** The user may change the assistant's providers (connect a recogniser from Settings). */
  canEditProviders: boolean;
}

interface LanguageState {
  /** The page's language (BCP 47): the user's preference, or the browser's before one is known. */
  language: string;
  /** The conversation's language and the recognisers', once the relay told them. */
  spoken: SpokenLanguage | null;
}

type LanguageStorage = Pick<Storage, 'getItem' | 'setItem'>;

/**
 * The language a page starts in, before the relay tells the preference: the one it last had
 * in this browser, else the browser's own (`navigator.languages`).
 */
export function startLanguage(
  storage: Pick<Storage, 'getItem'> | null,
  languages: readonly string[],
): string {
  try {
    const kept = storage?.getItem(LANGUAGE_KEY);
    if (kept) return kept;
  } catch {
    // Unreadable storage: the browser's choice.
  }
  return browserLanguage(languages);
}

function pageStorage(): LanguageStorage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

/** The browser's languages, most wanted first (`navigator.languages`). */
export const browserLanguages = (): readonly string[] =>
  typeof navigator === 'undefined' ? [] : navigator.languages;

/** The page's language; the page has one, tests set it through {@link setPageLanguage}. */
export const languageStore = createStore<LanguageState>(() => ({
  language: startLanguage(pageStorage(), browserLanguages()),
  spoken: null,
}));

/** Keeps what the relay said of the conversation's language (see {@link SpokenLanguage}). */
export function setSpokenLanguage(spoken: SpokenLanguage): void {
  languageStore.setState({ spoken });
}

/** The conversation's language and its recognisers', for a component (null until known). */
export function useSpokenLanguage(): SpokenLanguage | null {
  return useStore(languageStore, (s) => s.spoken);
}

/** Shows the page in `language` (BCP 47) from now on, and remembers it in this browser. */
export function setPageLanguage(language: string): void {
  if (languageStore.getState().language === language) return;
  languageStore.setState({ language });
  try {
    pageStorage()?.setItem(LANGUAGE_KEY, language);
  } catch {
    // The language holds for this page.
  }
}

/** The page's language (BCP 47), for a component: it renders again when it changes. */
export function usePageLanguage(): string {
  return useStore(languageStore, (s) => s.language);
}

/**
 * The page's words now, for code outside React that writes a line the page shows later (a
 * failure's notice): it is in the language of the moment it was written.
 */
export function currentIntl(): IntlShape {
  return intlFor(languageStore.getState().language);
}

/**
 * Whether the conversation's language can be spoken: a recogniser hears it (true until the relay
 * said otherwise). False: typing works, speaking needs a recogniser of the language.
 */
export function speakable(spoken: SpokenLanguage | null): boolean {
  if (spoken === null || spoken.recognised === null) return true;
  const primary = spoken.language.split('-')[0]?.toLowerCase() ?? spoken.language;
  return spoken.recognised.includes(primary);
}
