import type { SessionMetrics } from '@parley/shared';
import type { Selectable } from 'kysely';
import { sql } from 'kysely';
import type { Database } from './database.ts';
import type { SessionsTable } from './schema.ts';
import { metricsOfSession, parseMetrics } from './session-metrics.ts';
import { mentions } from './session-search.ts';
import { resumeJson, toTurnRecord, type TurnRecord } from './turns.ts';

/** A session in a user's history (the shape of the API's `SessionSummary`). */
export interface SessionSummary {
  id: string;
  /** Epoch ms. */
  startedAt: number;
  /** Epoch ms; null while open. */
  endedAt: number | null;
  durationMs: number | null;
  closeReason: string | null;
  /** Micro-dollars. */
  costMicros: number;
  turnCount: number;
  title: string | null;
  /** Its summary, stored when it ended; null while open and for sessions ended before. */
  metrics: SessionMetrics | null;
}

export interface SessionWithTurns extends SessionSummary {
  /** In turn order. */
  turns: TurnRecord[];
}

export interface SessionPage {
  /** Newest first. */
  sessions: SessionSummary[];
  /** Pass as `before` for the next page; null on the last page. */
  nextBefore: number | null;
}

export interface ListSessionsOptions {
  /** Page size, 1–100 (default 20). A page can exceed it only to keep sessions that started in
   * the same millisecond together. */
  limit?: number;
  /** Only sessions that started before this epoch-ms instant (a page's `nextBefore`). */
  before?: number;
  /** Only sessions whose title or words contain this text, whatever the case (see `mentions`). */
  containing?: string;
}

/** What a connection needs to resume a session. */
export interface ResumeRecord {
  userId: string;
  secretHash: string;
  /** Parsed JSON as saved; validate it before use. */
  state: unknown;
  /** Epoch ms; non-null when the session ended meanwhile. */
  endedAt: number | null;
  /** Why it ended (null while open). */
  closeReason: string | null;
  /** Epoch ms of the last change (for a session the stale sweep ended: when it did). */
  updatedAt: number;
}

/** Why a session was closed by the sweep rather than by its connection. */
export type StaleReason = 'relay-restart' | 'stale';

const DEFAULT_PAGE = 20;
const MAX_PAGE = 100;

/**
 * Sessions and their history. Reads and deletes on behalf of a user are scoped to that user and
 * answer "not found" (null/false) for anyone else's session, never "forbidden": existence does
 * not leak. On PostgreSQL each runs in the scope it acts for (`Scope`): the user's, the
 * relay's session's (by its id), or the stale sweep's across users. Every write resolves once
 * committed.
 */
export class SessionStore {
  /** @param now epoch-ms clock */
  constructor(
    private readonly database: Pick<Database, 'dialect' | 'as'>,
    private readonly now: () => number = Date.now,
  ) {}

  /** Creates an open session that started now. Throws if the id exists. */
  async create(session: { id: string; userId: string }): Promise<void> {
    const at = this.now();
    await this.database.as({ userId: session.userId }, (db) =>
      db
        .insertInto('sessions')
        .values({
          id: session.id,
          user_id: session.userId,
          started_at: at,
          ended_at: null,
          duration_ms: null,
          close_reason: null,
          title: null,
          resume_secret_hash: null,
          resume_state: null,
          updated_at: at,
        })
        .execute(),
    );
  }

  /**
   * Ends an open session now, with its summary from its stored turns (call it once they are all
   * stored); false when it does not exist or already ended. Keeps resume state (see
   * `clearResume`).
   */
  async end(sessionId: string, closeReason: string): Promise<boolean> {
    const at = this.now();
    const result = await this.database.as({ sessionId }, async (db) => {
      const metrics = JSON.stringify(await metricsOfSession(db, sessionId));
      return db
        .updateTable('sessions')
        .set({
          ended_at: at,
          duration_ms: sql`${at} - started_at`,
          close_reason: closeReason,
          updated_at: at,
          metrics,
        })
        .where('id', '=', sessionId)
        .where('ended_at', 'is', null)
        .executeTakeFirst();
    });
    return result.numUpdatedRows > 0n;
  }

  /** Marks an open session alive (a heartbeat), so the stale sweep leaves it alone. */
  async touch(sessionId: string): Promise<void> {
    await this.database.as({ sessionId }, (db) =>
      db
        .updateTable('sessions')
        .set({ updated_at: this.now() })
        .where('id', '=', sessionId)
        .where('ended_at', 'is', null)
        .execute(),
    );
  }

  /**
   * Ends the open sessions nobody wrote to for `idleMs` — those a crashed relay left behind —
   * and returns their ids. They end at their last write, so downtime is not billed as duration;
   * `updated_at` says when the sweep found them (a resume's grace counts from then).
   * At startup of the only relay, `{ idleMs: 0, reason: 'relay-restart' }` ends every session
   * still open; with several relays on one database, use a heartbeat (`touch`) and 'stale'.
   * Each gets its summary from the turns stored before its relay stopped.
   */
  async endStale(options: { idleMs: number; reason: StaleReason }): Promise<string[]> {
    const at = this.now();
    return this.database.as({ system: 'stale-sweep' }, async (db) => {
      const rows = await db
        .updateTable('sessions')
        .set({
          ended_at: sql`updated_at`,
          duration_ms: sql`updated_at - started_at`,
          close_reason: options.reason,
          updated_at: at,
        })
        .where('ended_at', 'is', null)
        .where('updated_at', '<', at - options.idleMs)
        .returning('id')
        .execute();
      for (const { id } of rows) {
        const metrics = JSON.stringify(await metricsOfSession(db, id));
        await db
          .updateTable('sessions')
          .set({ metrics })
          .where('id', '=', id)
          .where('ended_at', 'is not', null)
          .execute();
      }
      return rows.map((r) => r.id);
    });
  }

  /** A user's sessions, newest first, a page at a time; only those that mention `containing`. */
  async list(userId: string, options: ListSessionsOptions = {}): Promise<SessionPage> {
    const limit = Math.min(MAX_PAGE, Math.max(1, Math.floor(options.limit ?? DEFAULT_PAGE)));
    const { containing } = options;
    const { dialect } = this.database;
    return this.database.as({ userId }, async (db) => {
      const ofUser = () => {
        const q = db.selectFrom('sessions').selectAll().where('user_id', '=', userId);
        return containing === undefined ? q : q.where((eb) => mentions(eb, containing, dialect));
      };
      const page = (before: number | undefined, take: number | null) => {
        let q = ofUser().orderBy('started_at', 'desc').orderBy('id', 'desc');
        if (before !== undefined) q = q.where('started_at', '<', before);
        return (take === null ? q : q.limit(take)).execute();
      };
      const rows = await page(options.before, limit + 1);
      const last = rows[limit - 1];
      const next = rows[limit];
      if (last === undefined || next === undefined) {
        return { sessions: rows.map(toSummary), nextBefore: null };
      }
      if (next.started_at !== last.started_at) {
        return { sessions: rows.slice(0, limit).map(toSummary), nextBefore: last.started_at };
      }
      // The cursor is a start time, so a page must not end inside a group of sessions that
      // started in the same millisecond: the next page would skip the rest of the group.
      const group = await ofUser()
        .where('started_at', '=', last.started_at)
        .orderBy('id', 'desc')
        .execute();
      const kept = [...rows.filter((r) => r.started_at > last.started_at), ...group];
      const more = await page(last.started_at, 1);
      return {
        sessions: kept.map(toSummary),
        nextBefore: more.length > 0 ? last.started_at : null,
      };
    });
  }

  /** One of the user's sessions with its turns; null when missing or someone else's. */
  async get(userId: string, sessionId: string): Promise<SessionWithTurns | null> {
    return this.database.as({ userId }, async (db) => {
      const row = await db
        .selectFrom('sessions')
        .selectAll()
        .where('id', '=', sessionId)
        .where('user_id', '=', userId)
        .executeTakeFirst();
      if (row === undefined) return null;
      const turns = await db
        .selectFrom('turns')
        .selectAll()
        .where('session_id', '=', sessionId)
        .orderBy('turn_id')
        .execute();
      return { ...toSummary(row), turns: turns.map(toTurnRecord) };
    });
  }

  /**
   * Renames one of the user's sessions (later turns keep the new title); the renamed summary,
   * or null when missing or someone else's.
   */
  async rename(userId: string, sessionId: string, title: string): Promise<SessionSummary | null> {
    const row = await this.database.as({ userId }, (db) =>
      db
        .updateTable('sessions')
        .set({ title })
        .where('id', '=', sessionId)
        .where('user_id', '=', userId)
        .returningAll()
        .executeTakeFirst(),
    );
    return row === undefined ? null : toSummary(row);
  }

  /** Deletes one of the user's sessions and its turns (its usage stays in the ledger). False
   * when missing or someone else's. */
  async delete(userId: string, sessionId: string): Promise<boolean> {
    const result = await this.database.as({ userId }, (db) =>
      db
        .deleteFrom('sessions')
        .where('id', '=', sessionId)
        .where('user_id', '=', userId)
        .executeTakeFirst(),
    );
    return result.numDeletedRows > 0n;
  }

  /** Stores what a connection needs to resume the session; false when it does not exist.
   * @param state any JSON-serialisable value */
  async saveResume(sessionId: string, secretHash: string, state: unknown): Promise<boolean> {
    const json = resumeJson(state);
    const result = await this.database.as({ sessionId }, (db) =>
      db
        .updateTable('sessions')
        .set({ resume_secret_hash: secretHash, resume_state: json, updated_at: this.now() })
        .where('id', '=', sessionId)
        .executeTakeFirst(),
    );
    return result.numUpdatedRows > 0n;
  }

  /** The saved resume state; null when the session is missing or has none. */
  async loadResume(sessionId: string): Promise<ResumeRecord | null> {
    const row = await this.database.as({ sessionId }, (db) =>
      db
        .selectFrom('sessions')
        .select([
          'user_id',
          'resume_secret_hash',
          'resume_state',
          'ended_at',
          'close_reason',
          'updated_at',
        ])
        .where('id', '=', sessionId)
        .executeTakeFirst(),
    );
    if (row?.resume_secret_hash == null || row.resume_state === null) return null;
    return {
      userId: row.user_id,
      secretHash: row.resume_secret_hash,
      state: JSON.parse(row.resume_state) as unknown,
      endedAt: row.ended_at,
      closeReason: row.close_reason,
      updatedAt: row.updated_at,
    };
  }

  /**
   * Opens an ended session again (a client resumed it); false when it does not exist. Its
   * summary goes until it ends again (with the turns added meanwhile).
   */
  async reopen(sessionId: string): Promise<boolean> {
    const result = await this.database.as({ sessionId }, (db) =>
      db
        .updateTable('sessions')
        .set({
          ended_at: null,
          duration_ms: null,
          close_reason: null,
          metrics: null,
          updated_at: this.now(),
        })
        .where('id', '=', sessionId)
        .executeTakeFirst(),
    );
    return result.numUpdatedRows > 0n;
  }

  async clearResume(sessionId: string): Promise<void> {
    await this.database.as({ sessionId }, (db) =>
      db
        .updateTable('sessions')
        .set({ resume_secret_hash: null, resume_state: null })
        .where('id', '=', sessionId)
        .execute(),
    );
  }
}

function toSummary(row: Selectable<SessionsTable>): SessionSummary {
  return {
    id: row.id,
    startedAt: row.started_at,
    endedAt: row.ended_at,
    durationMs: row.duration_ms,
    closeReason: row.close_reason,
    costMicros: row.cost_micros,
    turnCount: row.turn_count,
    title: row.title,
    metrics: parseMetrics(row.metrics),
  };
}
