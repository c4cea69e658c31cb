import { randomUUID } from 'node:crypto';
import { sql, type Kysely, type Selectable } from 'kysely';
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
  /** @param now epoch-ms clock */
  constructor(
    private readonly db: Kysely<Tables>,
    private readonly now: () => number = Date.now,
  ) {}

  /** Keeps `text` for `userId`. */
  async add(userId: string, text: string): Promise<Note> {
    const note = { id: randomUUID(), text, createdAt: this.now() };
    await this.db
      .insertInto('notes')
      .values({ id: note.id, user_id: userId, text, created_at: note.createdAt })
      .execute();
    return note;
  }

  /**
   * The user's notes, newest first: all of them, or those containing `query` whatever the case
   * (`lower(…) like … escape '\'`, the same on SQLite and PostgreSQL, as the history's search).
   */
  async list(userId: string, query?: string): Promise<Note[]> {
    let select = this.db
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
  }

  /** How many notes the user has. */
  async count(userId: string): Promise<number> {
    const row = await this.db
      .selectFrom('notes')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where('user_id', '=', userId)
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  /** Deletes one of the user's notes; false when they have none of that id. */
  async delete(userId: string, id: string): Promise<boolean> {
    const result = await this.db
      .deleteFrom('notes')
      .where('user_id', '=', userId)
      .where('id', '=', id)
      .executeTakeFirst();
    return result.numDeletedRows > 0n;
  }
}

function noteOf(row: Selectable<NotesTable>): Note {
  return { id: row.id, text: row.text, createdAt: row.created_at };
}
