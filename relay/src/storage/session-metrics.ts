import { sessionMetrics, sessionMetricsOf, type SessionMetrics } from '@parley/shared';
import type { Kysely } from 'kysely';
import type { Tables } from './schema.ts';
import { recognised, turnTimingsOf } from './turns.ts';

/**
 * The summary of a session from its stored turns (see `sessionMetricsOf`). A turn whose JSON
 * cannot be read counts with no timings: a corrupt row must not keep a session from ending.
 */
export async function metricsOfSession(
  db: Kysely<Tables>,
  sessionId: string,
): Promise<SessionMetrics> {
  const rows = await db
    .selectFrom('turns')
    .select(['status', 'interrupted', 'timings', 'voice_to_voice_ms', 'providers'])
    .where('session_id', '=', sessionId)
    .execute();
  return sessionMetricsOf(
    rows.map((row) => {
      const turn = { status: row.status, interrupted: row.interrupted === 1 };
      try {
        return { ...turn, timings: turnTimingsOf(row), recognised: recognised(row) };
      } catch {
        return { ...turn, timings: {}, recognised: false };
      }
    }),
  );
}

/** `sessions.metrics` as stored → the summary; null when absent or unreadable. */
export function parseMetrics(json: string | null): SessionMetrics | null {
  if (json === null) return null;
  try {
    const parsed = sessionMetrics.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
