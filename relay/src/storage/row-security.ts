import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';
import type { DialectName } from './dialect-name.ts';
import { SCOPE_SETTINGS } from './scope.ts';

/**
 * Who may see a row of each per-user table, for each kind of scope (see `Scope`): a condition
 * on the row, or null when that scope never sees the table. The system scope sees every row.
 */
const OWNERS: Record<string, { user: string; session: string | null }> = {
  sessions: { user: 'user_id = %user', session: 'id = %session' },
  turns: {
    // A turn is its session's: the subquery is itself under the sessions' policies.
    user: 'exists (select 1 from sessions s where s.id = turns.session_id and s.user_id = %user)',
    session: 'session_id = %session',
  },
  usage_ledger: { user: 'user_id = %user', session: 'session_id = %session' },
  user_preferences: { user: 'user_id = %user', session: null },
  reminders: { user: 'user_id = %user', session: null },
  notes: { user: 'user_id = %user', session: null },
  push_subscriptions: { user: 'user_id = %user', session: null },
};

/** The per-user tables: row-level security on PostgreSQL holds each of them. */
export const PER_USER_TABLES: readonly string[] = Object.keys(OWNERS);

const setting = (name: string) => `current_setting('${name}', true)`;

function condition(template: string): string {
  return template
    .replaceAll('%user', setting(SCOPE_SETTINGS.userId))
    .replaceAll('%session', setting(SCOPE_SETTINGS.sessionId));
}

/**
 * Row-level security on every per-user table (issue 63, item 4): a transaction sees and writes
 * only the rows of the scope it set (`Scope`), so a query that forgets its `user_id` filter
 * still returns nothing of another user's. FORCE: the relay's role owns the tables (it created
 * them), and owners are otherwise exempt. Permissive policies, one per scope, OR-ed together;
 * `current_setting(…, true)` is null when unset, which matches nothing. A superuser or a
 * BYPASSRLS role still sees everything (the relay warns at start). SQLite has no such thing:
 * nothing to do there. Re-runnable: each policy is dropped before it is made.
 */
export function rowLevelSecurity(dialect: DialectName): Migration {
  return {
    async up(db: Kysely<unknown>) {
      if (dialect !== 'postgres') return;
      for (const [table, owner] of Object.entries(OWNERS)) {
        const policies: [string, string][] = [
          [`${table}_of_user`, condition(owner.user)],
          ...(owner.session === null
            ? []
            : [[`${table}_of_session`, condition(owner.session)] as [string, string]]),
          [`${table}_system`, `${setting(SCOPE_SETTINGS.system)} <> ''`],
        ];
        const t = sql.id(table);
        for (const [name, check] of policies) {
          await sql`drop policy if exists ${sql.id(name)} on ${t}`.execute(db);
          await sql`create policy ${sql.id(name)} on ${t} for all
            using (${sql.raw(check)}) with check (${sql.raw(check)})`.execute(db);
        }
        await sql`alter table ${t} enable row level security`.execute(db);
        await sql`alter table ${t} force row level security`.execute(db);
      }
    },
  };
}

/**
 * The connected role when row-level security does not apply to it (a superuser, or a role with
 * BYPASSRLS), else null.
 */
export async function rowSecurityBypassed<DB>(db: Kysely<DB>): Promise<string | null> {
  const { rows } = await sql<{ role: string; bypass: boolean }>`
    select rolname as role, rolsuper or rolbypassrls as bypass from pg_roles
    where rolname = current_user`.execute(db);
  const row = rows[0];
  return row?.bypass === true ? row.role : null;
}
