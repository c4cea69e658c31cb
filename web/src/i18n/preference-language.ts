import type { PreferencesResponse, UserPreferences } from '@parley/shared';
import { browserLanguage } from './locale.ts';
import { setPageLanguage, setSpokenLanguage } from './language.ts';

/** What the page does with the relay's preferences: the language it shows, one to save. */
export interface LanguagePlan {
  /** The page's language (BCP 47). */
  page: string;
  /** The language to save as the user's preference (their first run), or null. */
  save: string | null;
}

const primary = (tag: string) => tag.split('-')[0]?.toLowerCase() ?? tag;

/**
 * The page's language: the user's preference once they saved one; on their first run (nothing
 * saved) the browser's (`navigator.languages`), which becomes the preference too, so that the
 * conversation is held in it — unless it is the relay's default already.
 */
export function languagePlan(
  response: Pick<PreferencesResponse, 'preferences' | 'saved'>,
  languages: readonly string[],
): LanguagePlan {
  if (response.saved) return { page: response.preferences.language, save: null };
  const browser = browserLanguage(languages);
  const same = primary(browser) === primary(response.preferences.language);
  return { page: browser, save: same ? null : primary(browser) };
}

/** The relay's preferences API, as far as the language needs it. */
export interface PreferencesApi {
  get(): Promise<PreferencesResponse>;
  put(preferences: UserPreferences): Promise<PreferencesResponse>;
}

/** Shows the page in the preference's language, and keeps what the relay hears. */
export function applyPreferences(response: PreferencesResponse): void {
  setPageLanguage(response.preferences.language);
  setSpokenLanguage(spokenOf(response));
}

/** What the relay says of the conversation's language and who hears it. */
function spokenOf(response: PreferencesResponse) {
  return {
    language: response.preferences.language,
    recognised: response.options.recognised,
    canEditProviders: response.canEditProviders,
  };
}

/**
 * Asks the relay again who hears the conversation's language (after the providers changed:
 * a recogniser connected); the page's language stays.
 */
export async function refreshSpokenLanguage(api: Pick<PreferencesApi, 'get'>): Promise<void> {
  setSpokenLanguage(spokenOf(await api.get()));
}

/**
 * Asks the relay for the user's preferences and follows their language (see
 * {@link languagePlan}); on a first run saves the browser's. A relay that cannot be asked (not
 * signed in, away) leaves the page in the language it started in.
 */
export async function followPreferenceLanguage(
  api: PreferencesApi,
  languages: readonly string[],
): Promise<void> {
  const response = await api.get();
  const plan = languagePlan(response, languages);
  if (plan.save === null) {
    setPageLanguage(plan.page);
    setSpokenLanguage(spokenOf(response));
    return;
  }
  // Shown at once; the conversation follows once the relay kept it.
  setPageLanguage(plan.page);
  applyPreferences(await api.put({ ...response.preferences, language: plan.save }));
}
