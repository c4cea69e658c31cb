import { sql, type Insertable, type Kysely } from 'kysely';
import type { Database } from './database.ts';
import type { Tables, UsageLedgerTable, UsageStage, UsageUnits } from './schema.ts';

/** One paid provider call, as it goes into the ledger. Holds no transcript text. */
export interface UsageEntry {
  userId: string;
  sessionId: string;
  /** The turn the call served; absent for work outside a turn. */
  turnId?: number;
  stage: UsageStage;
  /** e.g. `openai:gpt-4o-mini`, `pocketsphinx`. */
  provider: string;
  /** `{ audioMs }` (ASR), `{ inputTokens, outputTokens }` (LLM), `{ characters }` (TTS). */
  units: UsageUnits;
  /** Integer micro-dollars (1 USD = 1,000,000). */
  costMicros: number;
  /** Work started ahead of need (it may have been thrown away); it was paid for all the same. */
  speculative?: boolean;
}

/**
 * The usage ledger: append-only, the source of truth for money. Every row adds its cost to its
 * session's and turn's `cost_micros` in the same transaction, so those counters always equal the
 * ledger. Rows survive the deletion of their session.
 */
export class UsageLedger {
  /** @param now epoch-ms clock */
  constructor(
    private readonly database: Pick<Database, 'as' | 'transaction'>,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Appends entries (one user's, any of their sessions) in one transaction; resolves once
   * committed. Throws a RangeError for entries of several users.
   */
  async append(entries: readonly UsageEntry[]): Promise<void> {
    if (entries.length === 0) return;
    checkUsage(entries);
    for (const { turnId } of entries) {
      if (turnId !== undefined && !Number.isSafeInteger(turnId)) {
        throw new RangeError(`turnId must be an integer, got ${turnId}`);
      }
    }
    const users = new Set(entries.map((e) => e.userId));
    const [userId] = users;
    // One user's spending per transaction: it runs in their scope (row-level security).
    if (users.size > 1 || userId === undefined)
      throw new RangeError(`one user's entries per append, got ${users.size} users`);
    const at = this.now();
    await this.database.transaction({ userId }, async (trx) => {
      // Sessions first, in a fixed order: the update takes each session's row lock, which
      // serialises this with recordTurn on the same session (PostgreSQL) and cannot deadlock.
      for (const [sessionId, cost] of sessionCosts(entries)) {
        await trx
          .updateTable('sessions')
          .set({ cost_micros: sql`cost_micros + ${cost}`, updated_at: at })
          .where('id', '=', sessionId)
          .execute();
      }
      await insertLedgerRows(trx, entries, at);
      for (const { sessionId, turnId, cost } of turnCosts(entries)) {
        // Zero rows when the turn is not recorded yet: recordTurn then sums the ledger.
        await trx
          .updateTable('turns')
          .set({ cost_micros: sql`cost_micros + ${cost}` })
          .where('session_id', '=', sessionId)
          .where('turn_id', '=', turnId)
          .execute();
      }
    });
  }

  /** Everything a session cost, in micro-dollars (also after the session was deleted). */
  async sessionCost(sessionId: string): Promise<number> {
    const row = await this.database.as({ sessionId }, (db) =>
      db
        .selectFrom('usage_ledger')
        .select(totalMicros)
        .where('session_id', '=', sessionId)
        .executeTakeFirstOrThrow(),
    );
    return row.total;
  }

  /** Everything a user spent on a UTC day (`YYYY-MM-DD`, default today), in micro-dollars. */
  async userDayCost(userId: string, day: string = utcDay(this.now())): Promise<number> {
    const row = await this.database.as({ userId }, (db) =>
      db
        .selectFrom('usage_ledger')
        .select(totalMicros)
        .where('user_id', '=', userId)
        .where('day', '=', day)
        .executeTakeFirstOrThrow(),
    );
    return row.total;
  }
}

/** The UTC day of an epoch-ms instant, `YYYY-MM-DD`. */
export function utcDay(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 10);
}

// PostgreSQL's sum() of bigint is numeric (a string in node-postgres): cast back to bigint.
export const totalMicros = sql<number>`cast(coalesce(sum(cost_micros), 0) as bigint)`.as('total');

/** Inserts ledger rows inside the caller's transaction (no counters touched; `checkUsage` first). */
async function insertLedgerRows(
  trx: Kysely<Tables>,
  entries: readonly UsageEntry[],
  at: number,
): Promise<void> {
  if (entries.length === 0) return;
  await trx
    .insertInto('usage_ledger')
    .values(entries.map((e) => ({ ...ledgerRow(e, at), user_id: e.userId })))
    .execute();
}

/** An entry as a `usage_ledger` row written at `at`. */
export function ledgerRow(
  e: Omit<UsageEntry, 'userId'>,
  at: number,
): Omit<Insertable<UsageLedgerTable>, 'user_id'> {
  return {
    session_id: e.sessionId,
    turn_id: e.turnId ?? null,
    stage: e.stage,
    provider: e.provider,
    units: JSON.stringify(e.units),
    cost_micros: e.costMicros,
    speculative: e.speculative === true ? 1 : 0,
    day: utcDay(at),
    created_at: at,
  };
}

/** Cost per session, sorted by session id (the order rows are locked in). */
function sessionCosts(entries: readonly UsageEntry[]): [string, number][] {
  const sums = new Map<string, number>();
  for (const e of entries) sums.set(e.sessionId, (sums.get(e.sessionId) ?? 0) + e.costMicros);
  return [...sums].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

function turnCosts(
  entries: readonly UsageEntry[],
): { sessionId: string; turnId: number; cost: number }[] {
  const sums = new Map<string, { sessionId: string; turnId: number; cost: number }>();
  for (const { sessionId, turnId, costMicros } of entries) {
    if (turnId === undefined) continue;
    const key = JSON.stringify([sessionId, turnId]);
    const sum = sums.get(key) ?? { sessionId, turnId, cost: 0 };
    sum.cost += costMicros;
    sums.set(key, sum);
  }
  return [...sums.values()];
}

/**
 * Throws on programming errors before anything is written, so odd numbers never reach a
 * counter (the stage is checked by the table's CHECK constraint).
 */
export function checkUsage(entries: readonly Pick<UsageEntry, 'costMicros' | 'units'>[]): void {
  for (const { costMicros, units } of entries) {
    if (!Number.isSafeInteger(costMicros) || costMicros < 0) {
      throw new RangeError(`costMicros must be a non-negative integer, got ${costMicros}`);
    }
    for (const [unit, value] of Object.entries(units)) {
      if (!Number.isFinite(value)) {
        throw new RangeError(`units.${unit} must be finite, got ${value}`);
      }
    }
  }
}
