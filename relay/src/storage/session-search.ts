import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { DialectName } from './migrations.ts';
import type { Tables } from './schema.ts';

/** `text` as a LIKE pattern matching it anywhere, its own `%`, `_` and `\` taken literally. */
export function containsPattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * A session whose title, or any turn's words (the user's or the assistant's), contain `text`,
 * whatever the case: `lower(…) like … escape '\'`, the same on SQLite and PostgreSQL.
 *
 * The work is bounded by the searching user's history, never the database's: the list walks the
 * user's sessions newest first on `sessions_user_started_idx`, reads each one's turns on the
 * turns' primary key (session_id, turn_id), and stops at a page of matches. PostgreSQL's planner
 * would rather hash the subquery — one scan of every user's turns, its cost growing with the
 * whole database — so there `offset 0` keeps the subquery a per-session lookup (PostgreSQL does
 * not rewrite an EXISTS with an OFFSET; SQLite runs a correlated EXISTS per row anyway and takes
 * no OFFSET without a LIMIT). No text index: why, and the figures, in
 * docs/decisions.md#history-search-without-a-text-index. SQLite's `lower` folds ASCII letters
 * only: "É" does not find "é" there (PostgreSQL folds both).
 */
export function mentions(
  eb: ExpressionBuilder<Tables, 'sessions'>,
  text: string,
  dialect: DialectName,
): Expression<SqlBool> {
  const pattern = containsPattern(text);
  const like = (column: Expression<unknown>) =>
    sql<SqlBool>`lower(${column}) like ${pattern} escape '\\'`;
  const turns = eb
    .selectFrom('turns')
    .select(sql<number>`1`.as('one'))
    .whereRef('turns.session_id', '=', 'sessions.id')
    .where((t) => t.or([like(t.ref('turns.user_text')), like(t.ref('turns.assistant_text'))]));
  return eb.or([
    like(eb.ref('sessions.title')),
    eb.exists(dialect === 'postgres' ? turns.offset(0) : turns),
  ]);
}
