import { describeError } from '../errors.ts';
import type { Logger } from '../log/logger.ts';
import { firstRunPreferences } from '../preferences/first-run-language.ts';
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
