import {
  stage,
  turnToolCall,
  type TurnStatus,
  type TurnTimings,
  type TurnToolCall,
} from '@parley/shared';
import { sql, type Selectable } from 'kysely';
import { z } from 'zod';
import { RelayError } from '../errors.ts';
import type { Database } from './database.ts';
import type { TurnsTable, UsageStage, UsageUnits } from './schema.ts';
import { QueryTemplates } from './query-templates.ts';
import { checkUsage, ledgerRow, totalMicros, type UsageEntry } from './usage.ts';

/** A finished turn (whatever its status), as the pipeline reports it. */
export interface CompletedTurn {
  sessionId: string;
  turnId: number;
  userText: string;
  /** The reply as the user heard it. */
  assistantText: string;
  status: TurnStatus;
  /** The user cut the reply short: `assistantText` is what they heard of it. */
  interrupted?: boolean;
  timings?: TurnTimings;
  /** Voice to voice the client reported before the turn was recorded (ms; see `setVoiceToVoice`). */
  voiceToVoiceMs?: number;
  /** Units per stage, for the history view; money goes through the usage entries. */
  usage?: Partial<Record<UsageStage, UsageUnits>>;
  /** Which provider served each stage. */
  providers?: Partial<Record<UsageStage, string>>;
  /** The tools it called, in order (absent or empty: none). */
  toolCalls?: readonly TurnToolCall[];
}

/** A turn's paid call: the turn supplies the user, session and turn ids. */
export type TurnUsageEntry = Omit<UsageEntry, 'userId' | 'sessionId' | 'turnId'>;

/** Totals right after a turn was recorded (what a `cost` message carries). */
export interface RecordedTurn {
  /** Σ ledger of this turn (including usage appended earlier), micro-dollars. */
  turnCostMicros: number;
  /** Σ ledger of the session, micro-dollars. */
  sessionCostMicros: number;
  turnCount: number;
}

/** A stored turn. */
export interface TurnRecord {
  turnId: number;
  userText: string;
  assistantText: string;
  status: string;
  /** The user cut the reply short (`assistantText` is what they heard of it). */
  interrupted: boolean;
  /** The relay's stage timings (ms), and `voiceToVoiceMs` when the client reported it. */
  timings: Readonly<Record<string, number>>;
  usage: Partial<Record<UsageStage, UsageUnits>>;
  providers: Partial<Record<UsageStage, string>>;
  costMicros: number;
  /** Epoch ms. */
  createdAt: number;
  /** The tools it called, in order (absent: none). */
  toolCalls?: TurnToolCall[];
}

/** Session titles are the first utterance, cut to this many characters. */
export const TITLE_MAX_CHARS = 80;

/** Turns of a session: written once when finished, then only the heard reply may change. */
export class TurnStore {
  /** @param now epoch-ms clock */
  private readonly templates = new QueryTemplates();

  constructor(
    private readonly database: Pick<Database, 'db' | 'batch' | 'as'>,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Records a finished turn in one transaction: the turn row, its usage entries (optional), and
   * the session's turn count, cost, title and `updated_at` — and, when given, the session's new
   * resume state (as `SessionStore.saveResume` stores it, the secret unchanged), so a turn costs
   * one commit, not two, and a restarted relay never sees the turn without its checkpoint.
   * Resolves once committed. Throws (and writes nothing) when the turn id is already recorded or
   * the session does not exist — e.g. its user deleted it mid-turn; append usage with
   * `UsageLedger.append` as it is incurred if it must be kept in that case too.
   */
  async record(
    turn: CompletedTurn,
    usage: readonly TurnUsageEntry[] = [],
    options: { resumeState?: unknown; replaces?: number } = {},
  ): Promise<RecordedTurn> {
    if (!Number.isSafeInteger(turn.turnId)) {
      throw new RangeError(`turnId must be an integer, got ${turn.turnId}`);
    }
    checkUsage(usage);
    const resume = options.resumeState === undefined ? undefined : resumeJson(options.resumeState);
    const at = this.now();
    const added = usage.reduce((sum, u) => sum + u.costMicros, 0);
    const title = sessionTitle(turn.userText);
    const { templates } = this;
    // Compiles the statements only; they run in the batch, in the session's scope.
    const { db } = this.database;
    const { sessionId, turnId } = turn;
    // One transaction, one round trip to the database. The session row first: its lock
    // serialises this with concurrent usage appends (PostgreSQL), and no row means no session.
    // The statements are compiled once per shape (see QueryTemplates).
    const { replaces } = options;
    const sessionValues = {
      added,
      at,
      sessionId,
      ...(title === null ? {} : { title }),
      ...(resume === undefined ? {} : { resume }),
      ...(replaces === undefined ? {} : { replaces }),
    };
    const session = templates.bind(
      `turn.session:${title === null ? '' : 't'}${resume === undefined ? '' : 'r'}${replaces === undefined ? '' : 'x'}`,
      sessionValues,
      (v) =>
        db
          .updateTable('sessions')
          .set({
            // A turn that replaces another (its question asked again) counts once.
            turn_count:
              v.replaces === undefined
                ? sql`turn_count + 1`
                : sql`turn_count + 1 - (select count(*) from turns where session_id = ${v.sessionId} and turn_id = ${v.replaces})`,
            cost_micros: sql`cost_micros + ${v.added}`,
            updated_at: v.at,
            ...(v.title === undefined ? {} : { title: sql`coalesce(title, ${v.title})` }),
            ...(v.resume === undefined ? {} : { resume_state: v.resume }),
          })
          .where('id', '=', v.sessionId)
          .returning(['cost_micros', 'turn_count']),
    );
    const ledgerValues: Record<string, unknown> = { sessionId };
    for (const [i, u] of usage.entries()) {
      for (const [column, value] of Object.entries(ledgerRow({ ...u, sessionId, turnId }, at)))
        ledgerValues[`${i}.${column}`] = value;
    }
    const ledger =
      usage.length === 0
        ? null
        : templates.bind(`turn.ledger:${usage.length}`, ledgerValues, (v) => {
            const ownerId = db
              .selectFrom('sessions')
              .select('user_id')
              .where('id', '=', v.sessionId as string);
            const column = (i: number, name: keyof ReturnType<typeof ledgerRow>) =>
              v[`${i}.${name}`] as never;
            return db.insertInto('usage_ledger').values(
              usage.map((_, i) => ({
                session_id: column(i, 'session_id'),
                turn_id: column(i, 'turn_id'),
                stage: column(i, 'stage'),
                provider: column(i, 'provider'),
                units: column(i, 'units'),
                cost_micros: column(i, 'cost_micros'),
                speculative: column(i, 'speculative'),
                day: column(i, 'day'),
                created_at: column(i, 'created_at'),
                user_id: ownerId,
              })),
            );
          });
    const turnValues = {
      sessionId,
      turnId,
      userText: turn.userText,
      assistantText: turn.assistantText,
      status: turn.status,
      interrupted: turn.interrupted === true ? (1 as const) : (0 as const),
      timings: JSON.stringify(turn.timings ?? {}),
      usage: JSON.stringify(turn.usage ?? {}),
      providers: JSON.stringify(turn.providers ?? {}),
      voiceToVoiceMs: voiceToVoiceColumn(turn.voiceToVoiceMs),
      toolCalls: turn.toolCalls?.length ? JSON.stringify(turn.toolCalls) : null,
      at,
    };
    const row = templates.bind('turn.row', turnValues, (v) =>
      db
        .insertInto('turns')
        .values({
          session_id: v.sessionId,
          turn_id: v.turnId,
          user_text: v.userText,
          assistant_text: v.assistantText,
          status: v.status,
          interrupted: v.interrupted,
          timings: v.timings,
          usage: v.usage,
          providers: v.providers,
          voice_to_voice_ms: v.voiceToVoiceMs,
          tool_calls: v.toolCalls,
          // The turn's cost: its ledger rows, these and any appended while it ran.
          cost_micros: db
            .selectFrom('usage_ledger')
            .select(totalMicros)
            .where('session_id', '=', v.sessionId)
            .where('turn_id', '=', v.turnId),
          created_at: v.at,
        })
        .returning('cost_micros'),
    );
    const replaced =
      replaces === undefined
        ? null
        : templates.bind('turn.replaced', { sessionId, replaces }, (v) =>
            db
              .deleteFrom('turns')
              .where('session_id', '=', v.sessionId)
              .where('turn_id', '=', v.replaces),
          );
    const done = await this.database.batch(
      [
        { query: session, requireRow: true },
        ...(ledger === null ? [] : [{ query: ledger }]),
        { query: row },
        ...(replaced === null ? [] : [{ query: replaced }]),
      ],
      { sessionId },
    );
    if (!done.ok) throw RelayError.notFound(`Session ${sessionId} does not exist (any more).`);
    const totals = done.results[0]?.rows[0] as { cost_micros: number; turn_count: number };
    const recorded = done.results[ledger === null ? 1 : 2]?.rows[0] as { cost_micros: number };
    return {
      turnCostMicros: recorded.cost_micros,
      sessionCostMicros: totals.cost_micros,
      turnCount: totals.turn_count,
    };
  }

  /**
   * The latest turns across every session (for the admin's ops dashboard), newest first, with
   * their session id. Reads an index-friendly `created_at` order; bounded by `limit` (≤ 500).
   */
  async recent(limit: number): Promise<(TurnRecord & { sessionId: string })[]> {
    const rows = await this.database.as({ system: 'ops' }, (db) =>
      db
        .selectFrom('turns')
        .selectAll()
        .orderBy('created_at', 'desc')
        .limit(Math.max(1, Math.min(500, limit)))
        .execute(),
    );
    return rows.map((row) => ({ ...toTurnRecord(row), sessionId: row.session_id }));
  }

  /**
   * The client reported the turn's voice to voice (ms) after it was recorded. False when the
   * turn is not stored (nothing was heard, or its session was deleted).
   */
  async setVoiceToVoice(sessionId: string, turnId: number, ms: number): Promise<boolean> {
    const result = await this.database.as({ sessionId }, (db) =>
      db
        .updateTable('turns')
        .set({ voice_to_voice_ms: voiceToVoiceColumn(ms) })
        .where('session_id', '=', sessionId)
        .where('turn_id', '=', turnId)
        .executeTakeFirst(),
    );
    return result.numUpdatedRows > 0n;
  }

  /**
   * The user cut a recorded turn's reply short (a barge-in after the relay had sent it all):
   * its reply becomes what they heard, and the turn is marked interrupted.
   */
  async markInterrupted(sessionId: string, turnId: number, heard: string): Promise<boolean> {
    const result = await this.database.as({ sessionId }, (db) =>
      db
        .updateTable('turns')
        .set({ assistant_text: heard, interrupted: 1 })
        .where('session_id', '=', sessionId)
        .where('turn_id', '=', turnId)
        .executeTakeFirst(),
    );
    return result.numUpdatedRows > 0n;
  }
}

/** The session title a first utterance gives: whitespace collapsed, at most 80 characters. */
export function sessionTitle(userText: string): string | null {
  const text = userText.replace(/\s+/g, ' ').trim();
  if (text === '') return null;
  const chars = Array.from(text); // code points: never cut a surrogate pair in half
  if (chars.length <= TITLE_MAX_CHARS) return text;
  return `${chars
    .slice(0, TITLE_MAX_CHARS - 1)
    .join('')
    .trimEnd()}…`;
}

const timingsJson = z.record(z.string(), z.number());
const usageJson = z.partialRecord(stage, z.record(z.string(), z.number()));
const providersJson = z.partialRecord(stage, z.string());
const toolCallsJson = z.array(turnToolCall);

/** Voice to voice as stored: whole ms, null when unknown (or not a sensible figure). */
function voiceToVoiceColumn(ms: number | undefined): number | null {
  return ms === undefined || !Number.isFinite(ms) || ms < 0 ? null : Math.round(ms);
}

/** A stored turn's timings: the relay's (JSON) and the client's voice to voice (its column). */
export function turnTimingsOf(
  row: Pick<Selectable<TurnsTable>, 'timings' | 'voice_to_voice_ms'>,
): Record<string, number> {
  const timings = timingsJson.parse(JSON.parse(row.timings));
  return row.voice_to_voice_ms === null
    ? timings
    : { ...timings, voiceToVoiceMs: row.voice_to_voice_ms };
}

/** Whether a recogniser served the stored turn (a typed turn's `asrFinalMs` measures none). */
export function recognised(row: Pick<Selectable<TurnsTable>, 'providers'>): boolean {
  return providersJson.parse(JSON.parse(row.providers)).asr !== undefined;
}

/** Row → record; JSON columns are validated (a corrupt row throws rather than leaking `any`). */
export function toTurnRecord(row: Selectable<TurnsTable>): TurnRecord {
  return {
    turnId: row.turn_id,
    userText: row.user_text,
    assistantText: row.assistant_text,
    status: row.status,
    interrupted: row.interrupted === 1,
    timings: turnTimingsOf(row),
    usage: usageJson.parse(JSON.parse(row.usage)),
    providers: providersJson.parse(JSON.parse(row.providers)),
    costMicros: row.cost_micros,
    createdAt: row.created_at,
    ...(row.tool_calls === null
      ? {}
      : { toolCalls: toolCallsJson.parse(JSON.parse(row.tool_calls)) }),
  };
}

/** `state` as stored in `sessions.resume_state`; throws when it is not JSON-serialisable. */
export function resumeJson(state: unknown): string {
  // undefined for undefined, functions and symbols, despite the declared type.
  const json: unknown = JSON.stringify(state);
  if (typeof json !== 'string') throw new TypeError('resume state must be JSON-serialisable');
  return json;
}

/**
 * How a stored turn ended as the user saw it: its status, or `interrupted` when they cut the
 * reply short (whatever the relay's run had reached by then) — except a failure, which stays a
 * failure for whoever watches the error rate, however little of its apology was heard.
 */
export function turnOutcome(t: Pick<TurnRecord, 'status' | 'interrupted'>): string {
  return t.interrupted && t.status !== 'failed' ? 'interrupted' : t.status;
}
