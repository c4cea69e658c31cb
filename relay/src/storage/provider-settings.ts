import type { Kysely } from 'kysely';
import type { Tables } from './schema.ts';

/** The saved provider chains, as stored: JSON (keys sealed by the caller) and when saved. */
export interface StoredProviderSettings {
  chains: string;
  /** Epoch ms; strictly increases with each save. */
  updatedAt: number;
}

const SCOPE = 'providers';

/**
 * The provider chains saved from the app, one row every relay of the database reads. What the
 * JSON holds is the caller's business (keys arrive sealed); this only keeps it and its time.
 */
export class ProviderSettingsStore {
  /** @param now epoch-ms clock */
  constructor(
    private readonly db: Kysely<Tables>,
    private readonly now: () => number = Date.now,
  ) {}

  async get(): Promise<StoredProviderSettings | null> {
    const row = await this.db
      .selectFrom('provider_settings')
      .select(['chains', 'updated_at'])
      .where('scope', '=', SCOPE)
      .executeTakeFirst();
    return row ? { chains: row.chains, updatedAt: row.updated_at } : null;
  }

  /** When the settings were last saved (epoch ms), or null: a cheap poll for changes. */
  async updatedAt(): Promise<number | null> {
    const row = await this.db
      .selectFrom('provider_settings')
      .select('updated_at')
      .where('scope', '=', SCOPE)
      .executeTakeFirst();
    return row?.updated_at ?? null;
  }

  /**
   * Saves `chains`; resolves to the save's time, later than the previous one's even when the
   * clock is not (so a poll never misses a change made within the same millisecond).
   */
  async put(chains: string): Promise<number> {
    return this.db.transaction().execute(async (trx) => {
      const previous = await trx
        .selectFrom('provider_settings')
        .select('updated_at')
        .where('scope', '=', SCOPE)
        .executeTakeFirst();
      const updatedAt = Math.max(this.now(), (previous?.updated_at ?? 0) + 1);
      await trx
        .insertInto('provider_settings')
        .values({ scope: SCOPE, chains, updated_at: updatedAt })
        .onConflict((oc) => oc.column('scope').doUpdateSet({ chains, updated_at: updatedAt }))
        .execute();
      return updatedAt;
    });
  }
}
