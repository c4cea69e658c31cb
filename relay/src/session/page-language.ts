import { describeError } from '../errors.ts';
import type { Logger } from '../log/logger.ts';
import { primaryLanguage } from '@parley/shared';
import { firstRunPreferences } from '../preferences/first-run-language.ts';
import { COMMON_LANGUAGES } from '../preferences/options.ts';
import type { PreferencesService } from '../preferences/preferences-service.ts';

/** What a first run's language needs of the relay's preferences. */
export type FirstRunStore = Pick<PreferencesService, 'read' | 'saved' | 'save'>;

/**
 * A new session's page language (`hello.language`) becomes the preference of a user who saved
 * none (see {@link firstRunPreferences}), before `ready`: `ready.language` and the first turn
 * use it. A user whose preferences cannot be read is left as they are (they may have saved
 * some); a failed save is logged, never kept from talking.
 */
export async function adoptPageLanguage(
  store: FirstRunStore | undefined,
  userId: string,
  pageLanguage: string | undefined,
  log: Logger,
): Promise<void> {
  if (!store || pageLanguage === undefined) return;
  try {
    await store.read(userId);
    const prefs = firstRunPreferences(pageLanguage, store.saved(userId));
    if (!prefs) return;
    await store.save(userId, prefs);
    log.info({ userId, language: prefs.language }, "the page's language became the preference");
  } catch (err) {
    log.warn({ userId, err: describeError(err) }, "could not keep the page's language");
  }
}

/**
 * The language a session from a site that embeds the assistant (the widget; `embedding`) is
 * held in: its page's (`hello.language`, the element's `language` or the page's `<html lang>`),
 * whatever the user saved — its visitors read that page, and the widget's own words are in it.
 * The app's sessions follow the user's saved preference (undefined). A language the relay does
 * not offer holds nothing. Pure.
 */
export function embeddedPageLanguage(
  pageLanguage: string | undefined,
  embedding: boolean,
): string | undefined {
  if (!embedding || pageLanguage === undefined) return undefined;
  const language = primaryLanguage(pageLanguage);
  return COMMON_LANGUAGES.some((offered) => offered === language) ? language : undefined;
}
