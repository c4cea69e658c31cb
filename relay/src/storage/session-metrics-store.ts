import type { SessionMetricsLine } from '@parley/shared';
import type { Selectable } from 'kysely';
import type { Database } from './database.ts';
import type { SessionsTable } from './schema.ts';
import { parseMetrics } from './session-metrics.ts';

/** Sessions that ended in `[fromMs, toMs)` (epoch ms). */
export interface EndedRange {
  fromMs: number;
  toMs: number;
}

/** Where a page of {@link SessionMetricsStore.page} ended: the last session it held. */
export interface EndedCursor {
  endedAt: number;
  sessionId: string;
}

const MAX_PAGE = 1000;

/**
 * Ended sessions' metrics for admins (the JSON Lines export, the ops dashboard): ids, times,
 * cost and summary, never a transcript. Read a page at a time in the `sessions_ended_idx`
 * order, so an export of any size holds one page in memory. Every user's: the system scope.
 */
export class SessionMetricsStore {
  constructor(private readonly database: Pick<Database, 'as'>) {}

  /**
   * Up to `limit` (1–1000) sessions that ended in `range`, in the order they ended (ties by id),
   * after `after` (a previous page's last); fewer than `limit` on the last page.
   */
  async page(
    range: EndedRange,
    after: EndedCursor | null,
    limit: number,
  ): Promise<SessionMetricsLine[]> {
    const { database } = this;
    return database.as({ system: 'ops' }, async (db) => {
      let q = db
        .selectFrom('sessions')
        .select(COLUMNS)
        .where('ended_at', '>=', range.fromMs)
        .where('ended_at', '<', range.toMs);
      if (after !== null)
        q = q.where((eb) =>
          eb.or([
            eb('ended_at', '>', after.endedAt),
            eb.and([eb('ended_at', '=', after.endedAt), eb('id', '>', after.sessionId)]),
          ]),
        );
      const rows = await q
        .orderBy('ended_at')
        .orderBy('id')
        .limit(Math.min(MAX_PAGE, Math.max(1, Math.floor(limit))))
        .execute();
      return rows.flatMap(toLine);
    });
  }

  /** The `limit` (1–1000) sessions that ended last, newest first. */
  async latest(limit: number): Promise<SessionMetricsLine[]> {
    const rows = await this.database.as({ system: 'ops' }, (db) =>
      db
        .selectFrom('sessions')
        .select(COLUMNS)
        .where('ended_at', 'is not', null)
        .orderBy('ended_at', 'desc')
        .orderBy('id', 'desc')
        .limit(Math.min(MAX_PAGE, Math.max(1, Math.floor(limit))))
        .execute(),
    );
    return rows.flatMap(toLine);
  }
}

const COLUMNS = [
  'id',
  'user_id',
  'started_at',
  'ended_at',
  'duration_ms',
  'close_reason',
  'cost_micros',
  'turn_count',
  'metrics',
] as const;

type Row = Pick<Selectable<SessionsTable>, (typeof COLUMNS)[number]>;

/** A row as its line; none for an open session (the queries select ended ones only). */
function toLine(row: Row): SessionMetricsLine[] {
  if (row.ended_at === null) return [];
  return [
    {
      sessionId: row.id,
      userId: row.user_id,
      startedAt: row.started_at,
      endedAt: row.ended_at,
      durationMs: row.duration_ms,
      closeReason: row.close_reason,
      costMicros: row.cost_micros,
      turnCount: row.turn_count,
      metrics: parseMetrics(row.metrics),
    },
  ];
}
