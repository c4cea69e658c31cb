import { CompiledQuery, type Kysely } from 'kysely';
import { escapeLiteral } from 'pg';

/**
 * The jobs that read or write across users, by name: on PostgreSQL, row-level security lets a
 * transaction see every user's rows only when it names one of these (see `docs/security.md`).
 */
export type SystemJob =
  /** Ends the sessions a crashed relay left open, whoever's they are. */
  | 'stale-sweep'
  /** The admins' views: recent turns, session metrics, the latency window, the usage report. */
  | 'ops'
  /** The push clock: due reminders of every user, claimed by one relay. */
  | 'reminder-push'
  /** Relays pick up the preferences a user saved through another relay. */
  | 'preferences-poll'
  /** A browser's push endpoint moves to whoever signed in there; a dead one is dropped. */
  | 'push-endpoint'
  /** The integrity check scans every table. */
  | 'integrity'
  /** `pnpm db:backup` dumps every table (its whole connection is in this scope). */
  | 'backup'
  /** The migrations at start, on a connection of their own (its whole session in this scope). */
  | 'migrate';

/**
 * Whom a transaction acts for. On PostgreSQL each per-user table's policies show a transaction
 * only the rows of its scope, whatever its queries ask for:
 * - `userId`: that user's rows (their sessions and those sessions' turns, ledger, preferences,
 *   reminders, notes, push subscriptions);
 * - `sessionId`: that one session's row, turns and ledger rows (the relay's own session, while it
 *   runs: recording turns, checkpoints, its end);
 * - `system`: every user's rows, for the named job.
 * A query run in no scope sees none of them. SQLite has no row-level security: there the
 * repositories' own `user_id` filters are the only check.
 */
export type Scope =
  { readonly userId: string } | { readonly sessionId: string } | { readonly system: SystemJob };

/** Work run in a scope, on the connection (and transaction) it was given. */
export type ScopedWork<DB, T> = (db: Kysely<DB>) => Promise<T>;

/** The custom settings the policies read (`current_setting(name, true)`), per scope. */
export const SCOPE_SETTINGS = {
  userId: 'parley.user_id',
  sessionId: 'parley.session_id',
  system: 'parley.system',
} as const;

/**
 * The statement that sets `scope` for the current transaction only (`set_config(…, true)`, as
 * `SET LOCAL`): it ends with the transaction, so a pooled connection never carries it to the next.
 * A literal, not a parameter: it rides in one simple-protocol message with the `begin`.
 */
export function scopeStatement(scope: Scope): string {
  const [name, value] =
    'userId' in scope
      ? [SCOPE_SETTINGS.userId, scope.userId]
      : 'sessionId' in scope
        ? [SCOPE_SETTINGS.sessionId, scope.sessionId]
        : [SCOPE_SETTINGS.system, scope.system];
  // An empty id would match rows with an empty owner: no scope is ever empty.
  if (value === '') throw new RangeError(`an empty ${name} is not a scope`);
  return `select set_config('${name}', ${escapeLiteral(value)}, true)`;
}

/**
 * Runs `work` on PostgreSQL in one transaction set to `scope`. The `begin` and the setting go
 * in one round trip: a scoped transaction costs the round trips of a plain one (a lone query
 * costs two more than alone: the `begin` and the `commit`). Committed when `work` resolves, rolled back when it throws (this rejects). `work` must not
 * open a transaction of its own on the connection it is given.
 */
export async function inScope<DB, T>(
  db: Kysely<DB>,
  scope: Scope,
  work: ScopedWork<DB, T>,
): Promise<T> {
  const begin = CompiledQuery.raw(`begin; ${scopeStatement(scope)}`);
  return db.connection().execute(async (conn) => {
    let result: T;
    try {
      await conn.executeQuery(begin);
      result = await work(conn);
    } catch (err) {
      await conn.executeQuery(CompiledQuery.raw('rollback')).catch(() => undefined);
      throw err;
    }
    const { rows } = await conn.executeQuery(CompiledQuery.raw('commit'));
    // PostgreSQL answers COMMIT with a ROLLBACK tag when an error had aborted the transaction.
    if ((rows[0] as { command?: string } | undefined)?.command === 'ROLLBACK')
      throw new Error('the scoped transaction was aborted and rolled back');
    return result;
  });
}
