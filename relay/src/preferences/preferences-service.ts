import { userPreferences, type UserPreferences } from '@parley/shared';
import type { Logger } from '../log/logger.ts';
import type { StoredPreferences } from '../storage/index.ts';
import { DEFAULT_PREFERENCES } from './defaults.ts';

/** Where preferences are kept (the database's `user_preferences`). */
export interface PreferencesRepository {
  get(userId: string): Promise<StoredPreferences | null>;
  put(userId: string, preferences: UserPreferences): Promise<void>;
}

/** Users whose last-known preferences this relay keeps in memory (the oldest go first). */
const MAX_REMEMBERED = 10_000;

/**
 * Each user's preferences: read from and saved to the database (every relay of a cluster sees
 * them), and the last-known value of each user kept in memory for what must be known at once
 * (the language a recogniser starts with). A stored value that no longer parses (a field
 * removed since) counts as the defaults.
 */
export class PreferencesService {
  private readonly latest = new Map<string, UserPreferences>();

  constructor(
    private readonly repository: PreferencesRepository,
    private readonly log: Logger,
  ) {}

  /** The user's preferences, from the database (the defaults when they saved none). */
  async read(userId: string): Promise<UserPreferences> {
    const stored = await this.repository.get(userId);
    let prefs: UserPreferences = { ...DEFAULT_PREFERENCES };
    if (stored) {
      const parsed = userPreferences.safeParse(stored.preferences);
      if (parsed.success) prefs = parsed.data;
      else this.log.warn({ userId }, 'stored preferences do not parse: the defaults apply');
    }
    this.remember(userId, prefs);
    return prefs;
  }

  /** Saves the user's preferences (already validated); their next turn uses them. */
  async save(userId: string, prefs: UserPreferences): Promise<void> {
    await this.repository.put(userId, prefs);
    this.remember(userId, prefs);
    this.log.info({ userId }, 'preferences saved');
  }

  /** The user's last-known preferences, without waiting (the defaults when none is known). */
  known(userId: string): UserPreferences {
    return this.latest.get(userId) ?? DEFAULT_PREFERENCES;
  }

  private remember(userId: string, prefs: UserPreferences): void {
    this.latest.delete(userId);
    this.latest.set(userId, prefs);
    if (this.latest.size > MAX_REMEMBERED) {
      const oldest = this.latest.keys().next();
      if (!oldest.done) this.latest.delete(oldest.value);
    }
  }
}
