import { userPreferences, type UserPreferences } from '@parley/shared';
import { describeError } from '../errors.ts';
import type { Logger } from '../log/logger.ts';
import type { StoredPreferences } from '../storage/index.ts';
import { DEFAULT_PREFERENCES } from './defaults.ts';

/** Where preferences are kept (the database's `user_preferences`). */
export interface PreferencesRepository {
  get(userId: string): Promise<StoredPreferences | null>;
  /** Resolves to the save's time (epoch ms) as stored. */
  put(userId: string, preferences: UserPreferences): Promise<number>;
  /** What any relay saved at `since` (epoch ms) or later. */
  changedSince(since: number): Promise<(StoredPreferences & { userId: string })[]>;
}

/** Users whose last-known preferences this relay keeps in memory (the oldest go first). */
const MAX_REMEMBERED = 10_000;

/**
 * How far back each look for other relays' saves reaches before the latest save it has seen
 * (ms): saves are stamped with the saving relay's clock, and relays' clocks differ a little.
 */
export const CLOCK_SKEW_MS = 60_000;

interface Known {
  prefs: UserPreferences;
  /** When the stored value was saved (epoch ms); 0 for the defaults of a user who saved none. */
  savedAt: number;
}

/**
 * Each user's preferences: saved to the database (every relay of a cluster sees them) and kept
 * in memory once read, so a turn does not wait for the database. What another relay saved
 * reaches this one at its next {@link PreferencesService.refresh} (the relay calls it every
 * `SETTINGS_POLL_S`); what this relay saves applies at once. A stored value that no longer
 * parses (a field removed since) counts as the defaults.
 */
export class PreferencesService {
  private readonly latest = new Map<string, Known>();
  /** The latest save time seen by {@link refresh}; null until the first look. */
  private seenUpTo: number | null = null;
  private poller: NodeJS.Timeout | null = null;

  constructor(
    private readonly repository: PreferencesRepository,
    private readonly log: Logger,
  ) {}

  /** The user's preferences: from memory when known, else from the database (the defaults when they saved none). */
  async read(userId: string): Promise<UserPreferences> {
    const known = this.latest.get(userId);
    if (known) return this.remember(userId, known.prefs, known.savedAt);
    const stored = await this.repository.get(userId);
    // A refresh or a save may have come in while the database answered: the newest wins.
    const savedAt = stored?.updatedAt ?? 0;
    const meanwhile = this.latest.get(userId);
    if (meanwhile && meanwhile.savedAt >= savedAt) return meanwhile.prefs;
    return this.remember(
      userId,
      stored ? this.parse(userId, stored) : DEFAULT_PREFERENCES,
      savedAt,
    );
  }

  /** Saves the user's preferences (already validated); their next turn uses them. */
  async save(userId: string, prefs: UserPreferences): Promise<void> {
    this.remember(userId, prefs, await this.repository.put(userId, prefs));
    this.log.info({ userId }, 'preferences saved');
  }

  /**
   * Whether the user saved preferences of their own, as far as this relay knows (after a
   * {@link read} or a {@link save}): false while the defaults stand.
   */
  saved(userId: string): boolean {
    return (this.latest.get(userId)?.savedAt ?? 0) > 0;
  }

  /** The user's last-known preferences, without waiting (the defaults when none is known). */
  known(userId: string): UserPreferences {
    return this.latest.get(userId)?.prefs ?? DEFAULT_PREFERENCES;
  }

  /**
   * Takes in what other relays saved since the last look, for the users this relay knows (one
   * query, whatever the number of users). The first look only sets where the next one starts:
   * whatever is in memory then was read from the database.
   */
  async refresh(now: number = Date.now()): Promise<void> {
    const since = (this.seenUpTo ?? now) - CLOCK_SKEW_MS;
    const changed = await this.repository.changedSince(since);
    let upTo = this.seenUpTo ?? now;
    for (const row of changed) {
      upTo = Math.max(upTo, row.updatedAt);
      const known = this.latest.get(row.userId);
      if (known && known.savedAt < row.updatedAt)
        this.remember(row.userId, this.parse(row.userId, row), row.updatedAt);
    }
    this.seenUpTo = upTo;
  }

  /** Looks for other relays' saves every `everyMs` until {@link stop}. */
  start(everyMs: number): void {
    this.stop();
    this.poller = setInterval(
      () =>
        void this.refresh().catch((err: unknown) =>
          this.log.warn({ err: describeError(err) }, 'checking for saved preferences failed'),
        ),
      everyMs,
    );
    this.poller.unref();
  }

  stop(): void {
    if (this.poller) clearInterval(this.poller);
    this.poller = null;
  }

  private parse(userId: string, stored: StoredPreferences): UserPreferences {
    const parsed = userPreferences.safeParse(stored.preferences);
    if (parsed.success) return parsed.data;
    this.log.warn({ userId }, 'stored preferences do not parse: the defaults apply');
    return DEFAULT_PREFERENCES;
  }

  private remember(userId: string, prefs: UserPreferences, savedAt: number): UserPreferences {
    this.latest.delete(userId);
    this.latest.set(userId, { prefs, savedAt });
    if (this.latest.size > MAX_REMEMBERED) {
      const oldest = this.latest.keys().next();
      if (!oldest.done) this.latest.delete(oldest.value);
    }
    return prefs;
  }
}
