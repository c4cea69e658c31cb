import type { Database } from './database.ts';

/** Most browsers a user may have subscribed at once; the least recently sent one goes first. */
export const MAX_SUBSCRIPTIONS_PER_USER = 10;

/** A browser's Web Push subscription as the relay sends to it (RFC 8030, keys for RFC 8291). */
export interface PushSubscriptionRecord {
  /** The push service's URL for this browser. */
  endpoint: string;
  /** The browser's P-256 public key, base64url. */
  p256dh: string;
  /** The browser's authentication secret, base64url. */
  auth: string;
}

/**
 * Each user's Web Push subscriptions, one per browser. The endpoint is the key: a browser that
 * subscribes again (new keys) or is signed in as another user replaces its old row. Every
 * change names the user, but for {@link drop}, which the push service decides (404/410).
 */
export class PushSubscriptionStore {
  /** @param now epoch-ms clock */
  constructor(
    private readonly database: Pick<Database, 'as'>,
    private readonly now: () => number = Date.now,
  ) {}

  /** Keeps `sub` for `userId` (replacing that browser's earlier one, whoever's it was). */
  async save(userId: string, sub: PushSubscriptionRecord): Promise<void> {
    const now = this.now();
    // The endpoint may be another user's (the browser signed in as someone else): taking it
    // over reads across users, so the upsert alone runs in the system scope.
    await this.database.as({ system: 'push-endpoint' }, (db) =>
      db
        .insertInto('push_subscriptions')
        .values({
          endpoint: sub.endpoint,
          user_id: userId,
          p256dh: sub.p256dh,
          auth: sub.auth,
          created_at: now,
          updated_at: now,
        })
        .onConflict((oc) =>
          oc.column('endpoint').doUpdateSet({
            user_id: userId,
            p256dh: sub.p256dh,
            auth: sub.auth,
            updated_at: now,
          }),
        )
        .execute(),
    );
    await this.database.as({ userId }, async (db) => {
      const beyond = await db
        .selectFrom('push_subscriptions')
        .select('endpoint')
        .where('user_id', '=', userId)
        .orderBy('updated_at', 'desc')
        .orderBy('endpoint')
        .offset(MAX_SUBSCRIPTIONS_PER_USER)
        .limit(1_000)
        .execute();
      if (beyond.length > 0)
        await db
          .deleteFrom('push_subscriptions')
          .where('user_id', '=', userId)
          .where(
            'endpoint',
            'in',
            beyond.map((r) => r.endpoint),
          )
          .execute();
    });
  }

  /** The user's subscriptions, most recently sent first. */
  async forUser(userId: string): Promise<PushSubscriptionRecord[]> {
    return this.database.as({ userId }, (db) =>
      db
        .selectFrom('push_subscriptions')
        .select(['endpoint', 'p256dh', 'auth'])
        .where('user_id', '=', userId)
        .orderBy('updated_at', 'desc')
        .orderBy('endpoint')
        .execute(),
    );
  }

  /** Forgets one of the user's subscriptions (turned off in the app); false when not theirs. */
  async remove(userId: string, endpoint: string): Promise<boolean> {
    const result = await this.database.as({ userId }, (db) =>
      db
        .deleteFrom('push_subscriptions')
        .where('user_id', '=', userId)
        .where('endpoint', '=', endpoint)
        .executeTakeFirst(),
    );
    return result.numDeletedRows > 0n;
  }

  /** Forgets a subscription the push service says is gone (404, 410), whoever's it was. */
  async drop(endpoint: string): Promise<void> {
    await this.database.as({ system: 'push-endpoint' }, (db) =>
      db.deleteFrom('push_subscriptions').where('endpoint', '=', endpoint).execute(),
    );
  }
}
