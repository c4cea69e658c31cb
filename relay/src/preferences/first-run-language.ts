import { primaryLanguage, userPreferences, type UserPreferences } from '@parley/shared';
import { DEFAULT_PREFERENCES } from './defaults.ts';
import { COMMON_LANGUAGES } from './options.ts';

/**
 * What a user's first session saves of its page's language (`hello.language`), as the app's
 * first run saves the browser's (web/src/i18n/preference-language.ts): the relay's defaults in
 * that language's primary subtag, so that the conversation is held in it. Null, nothing to save:
 * the user saved preferences already, the language is the defaults' already, or the relay does
 * not offer it (never an error: the page's language is a hint). Validated as a `PUT
 * /api/preferences` body is.
 */
export function firstRunPreferences(pageLanguage: string, saved: boolean): UserPreferences | null {
  if (saved) return null;
  const language = primaryLanguage(pageLanguage);
  if (language === DEFAULT_PREFERENCES.language) return null;
  if (!COMMON_LANGUAGES.some((offered) => offered === language)) return null;
  const parsed = userPreferences.safeParse({ ...DEFAULT_PREFERENCES, language });
  return parsed.success ? parsed.data : null;
}
