import { randomUUID } from 'node:crypto';
import { sql, type Kysely, type Selectable } from 'kysely';
import { insertWithinCap, type CappedDatabase } from './capped-insert.ts';
import type { NotesTable, Tables } from './schema.ts';
import { containsPattern } from './session-search.ts';

/** A note the assistant keeps for a user. */
export interface Note {
  id: string;
  text: string;
  /** Epoch ms. */
  createdAt: number;
}

/** Each user's notes. Every query names the user: no one reads or deletes another's. */
export class NoteStore {
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
   * Keeps `text` for `userId`; with `max`, only while they have fewer than `max` notes, checked
   * in the insert itself (parallel adds never pass it): null when they have `max` already.
   */
  add(userId: string, text: string): Promise<Note>;
  add(userId: string, text: string, cap: { max: number }): Promise<Note | null>;
  async add(userId: string, text: string, cap: { max?: number } = {}): Promise<Note | null> {
    const note = { id: randomUUID(), text, createdAt: this.now() };
    const row = { id: note.id, user_id: userId, text, created_at: note.createdAt };
    if (cap.max === undefined) {
      await this.database.as({ userId }, (db) => db.insertInto('notes').values(row).execute());
      return note;
    }
    const { db } = this;
    const insert = db
      .insertInto('notes')
      .columns(['id', 'user_id', 'text', 'created_at'])
      .expression(
        db
          .selectNoFrom([
            sql<string>`cast(${row.id} as text)`.as('id'),
            sql<string>`cast(${row.user_id} as text)`.as('user_id'),
            sql<string>`cast(${row.text} as text)`.as('text'),
            sql<number>`cast(${row.created_at} as bigint)`.as('created_at'),
          ])
          .where(
            (eb) =>
              eb.selectFrom('notes').select(eb.fn.countAll().as('n')).where('user_id', '=', userId),
            '<',
            cap.max,
          ),
      )
      .returning('id')
      .compile();
    return (await insertWithinCap(this.database, userId, `notes:${userId}`, insert)) ? note : null;
  }

  /**
   * The user's notes, newest first: all of them, or those containing `query` whatever the case
   * (`lower(…) like … escape '\'`, the same on SQLite and PostgreSQL, as the history's search).
   */
  async list(userId: string, query?: string): Promise<Note[]> {
    return this.database.as({ userId }, async (db) => {
      let select = db
        .selectFrom('notes')
        .selectAll()
        .where('user_id', '=', userId)
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc');
      if (query !== undefined && query.trim() !== '')
        select = select.where(
          sql<boolean>`lower(text) like ${containsPattern(query.trim())} escape '\\'`,
        );
      return (await select.execute()).map(noteOf);
    });
  }

  /** How many notes the user has. */
  async count(userId: string): Promise<number> {
    const row = await this.database.as({ userId }, (db) =>
      db
        .selectFrom('notes')
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .where('user_id', '=', userId)
        .executeTakeFirst(),
    );
    return Number(row?.n ?? 0);
  }

  /** Deletes one of the user's notes; false when they have none of that id. */
  async delete(userId: string, id: string): Promise<boolean> {
    const result = await this.database.as({ userId }, (db) =>
      db.deleteFrom('notes').where('user_id', '=', userId).where('id', '=', id).executeTakeFirst(),
    );
    return result.numDeletedRows > 0n;
  }
}

function noteOf(row: Selectable<NotesTable>): Note {
  return { id: row.id, text: row.text, createdAt: row.created_at };
}
