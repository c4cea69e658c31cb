import type { Database } from './database.ts';

/** A user's stored preferences: parsed JSON as saved (validate it before use). */
export interface StoredPreferences {
  preferences: unknown;
  /** Epoch ms of the last save. */
  updatedAt: number;
}

/**
 * Each user's preferences, one row per user who saved any. The values are opaque JSON here:
 * their shape is the wire's (`UserPreferences`), checked by the caller on the way in and out.
 */
export class PreferencesStore {
  /** @param now epoch-ms clock */
  constructor(
    private readonly database: Pick<Database, 'as'>,
    private readonly now: () => number = Date.now,
  ) {}

  /** The user's saved preferences; null when they never saved any. */
  async get(userId: string): Promise<StoredPreferences | null> {
    const row = await this.database.as({ userId }, (db) =>
      db
        .selectFrom('user_preferences')
        .select(['preferences', 'updated_at'])
        .where('user_id', '=', userId)
        .executeTakeFirst(),
    );
    return row ? stored(row) : null;
  }

  /** Preferences saved at `since` (epoch ms) or later, by any relay: user ids with their values. */
  async changedSince(since: number): Promise<(StoredPreferences & { userId: string })[]> {
    const rows = await this.database.as({ system: 'preferences-poll' }, (db) =>
      db
        .selectFrom('user_preferences')
        .select(['user_id', 'preferences', 'updated_at'])
        .where('updated_at', '>=', since)
        .execute(),
    );
    return rows.map((row) => ({ userId: row.user_id, ...stored(row) }));
  }

  /** Saves the user's preferences (replacing any), resolving once committed to the save's time. */
  async put(userId: string, preferences: unknown): Promise<number> {
    const json = JSON.stringify(preferences);
    const at = this.now();
    await this.database.as({ userId }, (db) =>
      db
        .insertInto('user_preferences')
        .values({ user_id: userId, preferences: json, updated_at: at })
        .onConflict((oc) => oc.column('user_id').doUpdateSet({ preferences: json, updated_at: at }))
        .execute(),
    );
    return at;
  }
}

/** A row's JSON parsed (null when it is not JSON: the caller's validation says so). */
function stored(row: { preferences: string; updated_at: number }): StoredPreferences {
  let preferences: unknown;
  try {
    preferences = JSON.parse(row.preferences);
  } catch {
    preferences = null;
  }
  return { preferences, updatedAt: row.updated_at };
}
