import { randomUUID } from 'node:crypto';
import { sql, type Kysely, type Selectable } from 'kysely';
import { insertWithinCap, type CappedDatabase } from './capped-insert.ts';
import type { RemindersTable, Tables } from './schema.ts';

/** How long a rung reminder is kept (ms). */
const KEEP_RUNG_MS = 86_400_000;

/** A reminder as the relay works with it. */
export interface Reminder {
  id: string;
  userId: string;
  text: string;
  /** Epoch ms. */
  dueAt: number;
  /** Epoch ms. */
  createdAt: number;
}

/**
 * Each user's reminders. A reminder is pending until a page of its user says it rang it
 * (`delivered`): one that came due while no page was open is still pending when they come back.
 * Every query names the user: no one reads or cancels another's.
 */
export class ReminderStore {
  /** Compiles the capped insert only: every query runs in its user's scope (`database.as`). */
  private readonly db: Kysely<Tables>;

  /** @param now epoch-ms clock */
  constructor(
    private readonly database: CappedDatabase,
    private readonly now: () => number = Date.now,
  ) {
    this.db = database.db;
  }

  /**
   * Keeps a new reminder of `text` for `userId`, due at `dueAt` (epoch ms); with `maxPending`,
   * only while they have fewer pending, checked in the insert itself (parallel adds never pass
   * it): null when they have `maxPending` pending already.
   */
  add(userId: string, text: string, dueAt: number): Promise<Reminder>;
  add(
    userId: string,
    text: string,
    dueAt: number,
    cap: { maxPending: number },
  ): Promise<Reminder | null>;
  async add(
    userId: string,
    text: string,
    dueAt: number,
    cap: { maxPending?: number } = {},
  ): Promise<Reminder | null> {
    const reminder = { id: randomUUID(), userId, text, dueAt, createdAt: this.now() };
    const row = {
      id: reminder.id,
      user_id: userId,
      text,
      due_at: dueAt,
      created_at: reminder.createdAt,
    };
    if (cap.maxPending === undefined) {
      await this.database.as({ userId }, (db) =>
        db
          .insertInto('reminders')
          .values({ ...row, delivered_at: null })
          .execute(),
      );
      return reminder;
    }
    const { db } = this;
    const insert = db
      .insertInto('reminders')
      .columns(['id', 'user_id', 'text', 'due_at', 'created_at'])
      .expression(
        db
          .selectNoFrom([
            sql<string>`cast(${row.id} as text)`.as('id'),
            sql<string>`cast(${row.user_id} as text)`.as('user_id'),
            sql<string>`cast(${row.text} as text)`.as('text'),
            sql<number>`cast(${row.due_at} as bigint)`.as('due_at'),
            sql<number>`cast(${row.created_at} as bigint)`.as('created_at'),
          ])
          .where(
            (eb) =>
              eb
                .selectFrom('reminders')
                .select(eb.fn.countAll().as('n'))
                .where('user_id', '=', userId)
                .where('delivered_at', 'is', null),
            '<',
            cap.maxPending,
          ),
      )
      .returning('id')
      .compile();
    return (await insertWithinCap(this.database, userId, `reminders:${userId}`, insert))
      ? reminder
      : null;
  }

  /** The user's pending reminders, soonest first (those already due included). */
  async pending(userId: string): Promise<Reminder[]> {
    const rows = await this.database.as({ userId }, (db) =>
      db
        .selectFrom('reminders')
        .selectAll()
        .where('user_id', '=', userId)
        .where('delivered_at', 'is', null)
        .orderBy('due_at')
        .orderBy('id')
        .execute(),
    );
    return rows.map(reminderOf);
  }

  /** One of the user's reminders, pending or rung lately; null when they have none of that id. */
  async get(userId: string, id: string): Promise<Reminder | null> {
    const row = await this.database.as({ userId }, (db) =>
      db
        .selectFrom('reminders')
        .selectAll()
        .where('user_id', '=', userId)
        .where('id', '=', id)
        .executeTakeFirst(),
    );
    return row ? reminderOf(row) : null;
  }

  /** Cancels one of the user's reminders; false when they have none of that id. */
  async cancel(userId: string, id: string): Promise<boolean> {
    const result = await this.database.as({ userId }, (db) =>
      db
        .deleteFrom('reminders')
        .where('user_id', '=', userId)
        .where('id', '=', id)
        .executeTakeFirst(),
    );
    return result.numDeletedRows > 0n;
  }

  /**
   * A page of the user's rang reminder `id`: it is not delivered again. False when it was
   * already, or is not theirs. Kept a day (another tab of theirs may still be saying it), then
   * dropped with the user's next one rung.
   */
  async delivered(userId: string, id: string): Promise<boolean> {
    const now = this.now();
    const result = await this.database.as({ userId }, async (db) => {
      await db
        .deleteFrom('reminders')
        .where('user_id', '=', userId)
        .where('delivered_at', '<', now - KEEP_RUNG_MS)
        .execute();
      return db
        .updateTable('reminders')
        .set({ delivered_at: now })
        .where('user_id', '=', userId)
        .where('id', '=', id)
        .where('delivered_at', 'is', null)
        .executeTakeFirst();
    });
    return result.numUpdatedRows > 0n;
  }

  /**
   * Reminders whose push is still to be claimed — neither pushed nor rung — of users with a
   * push subscription, soonest first (those already due included), at most `limit`. Across
   * users: the push clock's read.
   */
  async awaitingPush(limit: number): Promise<Reminder[]> {
    const rows = await this.database.as({ system: 'reminder-push' }, (db) =>
      db
        .selectFrom('reminders')
        .selectAll()
        .where('pushed_at', 'is', null)
        .where('delivered_at', 'is', null)
        .where((eb) =>
          eb.exists(
            eb
              .selectFrom('push_subscriptions')
              .select('push_subscriptions.endpoint')
              .whereRef('push_subscriptions.user_id', '=', 'reminders.user_id'),
          ),
        )
        .orderBy('due_at')
        .orderBy('id')
        .limit(limit)
        .execute(),
    );
    return rows.map(reminderOf);
  }

  /**
   * Claims reminder `id`'s push for this relay: true for the one caller that set `pushed_at`
   * (a conditional update: of several relays reading it due, one pushes), false when another
   * did, it was rung, or it is gone.
   */
  async claimPush(id: string): Promise<boolean> {
    const result = await this.database.as({ system: 'reminder-push' }, (db) =>
      db
        .updateTable('reminders')
        .set({ pushed_at: this.now() })
        .where('id', '=', id)
        .where('pushed_at', 'is', null)
        .where('delivered_at', 'is', null)
        .executeTakeFirst(),
    );
    return result.numUpdatedRows > 0n;
  }
}

function reminderOf(row: Selectable<RemindersTable>): Reminder {
  return {
    id: row.id,
    userId: row.user_id,
    text: row.text,
    dueAt: row.due_at,
    createdAt: row.created_at,
  };
}
