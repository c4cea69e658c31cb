import type { TimingSample } from '@parley/shared';
import type { Database } from './database.ts';
import { recognised, turnTimingsOf } from './turns.ts';

/** The turns of the latency window, as {@link LatencySamples.recent} reads them. */
export interface LatencyWindow {
  /** Sessions the turns came from (at most the number asked for). */
  sessions: number;
  /** Each turn's target timings, newest first. */
  samples: TimingSample[];
}

/**
 * Turns a window may read at most: a bound on one read's memory and time whatever the sessions
 * (100 sessions of 100 turns each fit).
 */
export const MAX_WINDOW_TURNS = 10_000;

/**
 * The timings of the latest sessions' turns, for the latency targets: one query over the turns
 * of the last sessions that had any, on every backend (each relay of a shared database reads
 * the same window).
 */
export class LatencySamples {
  constructor(private readonly database: Pick<Database, 'as'>) {}

  /**
   * The target timings of the turns of the `sessions` sessions that started last and have a
   * turn (open ones included), newest turns first, at most `maxTurns` of them.
   */
  async recent(sessions: number, maxTurns = MAX_WINDOW_TURNS): Promise<LatencyWindow> {
    // Every user's latest sessions: the ops window, in the system scope.
    const rows = await this.database.as({ system: 'ops' }, (db) => {
      const latest = db
        .selectFrom('sessions')
        .select('id')
        .where('turn_count', '>', 0)
        .orderBy('started_at', 'desc')
        .orderBy('id', 'desc')
        .limit(Math.max(1, Math.floor(sessions)));
      return db
        .selectFrom('turns')
        .select(['session_id', 'timings', 'voice_to_voice_ms', 'providers'])
        .where('session_id', 'in', latest)
        .orderBy('created_at', 'desc')
        .orderBy('turn_id', 'desc')
        .limit(Math.max(1, Math.floor(maxTurns)))
        .execute();
    });
    return {
      sessions: new Set(rows.map((r) => r.session_id)).size,
      samples: rows.map((row) => {
        const t = turnTimingsOf(row);
        return {
          // A typed turn's "recognition" is the text as it came: no recogniser to judge.
          ...(t.asrFinalMs === undefined || !recognised(row) ? {} : { asrFinalMs: t.asrFinalMs }),
          ...(t.llmFirstTokenMs === undefined ? {} : { llmFirstTokenMs: t.llmFirstTokenMs }),
          ...(t.ttsFirstAudioMs === undefined ? {} : { ttsFirstAudioMs: t.ttsFirstAudioMs }),
          ...(t.voiceToVoiceMs === undefined ? {} : { voiceToVoiceMs: t.voiceToVoiceMs }),
        };
      }),
    };
  }
}
