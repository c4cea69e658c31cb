import type { CompiledQuery, Kysely, QueryResult } from 'kysely';
import { inScope, type Scope } from './scope.ts';
import type { BatchResult } from './sqlite-worker-dialect.ts';

/** A compiled statement of a batch; `requireRow`: roll the batch back when it returns no row. */
interface BatchStatement {
  query: CompiledQuery;
  requireRow?: boolean;
}

/**
 * Runs statements in one transaction, as `scope` (see `Database.batch`; SQLite has no row-level
 * security and ignores it).
 */
export type Batcher = (statements: readonly BatchStatement[], scope: Scope) => Promise<BatchResult>;

class EmptyResult extends Error {
  constructor(readonly index: number) {
    super(`statement ${index} of the batch returned no row`);
  }
}

/**
 * A {@link Batcher} for PostgreSQL: the statements one after another in a transaction set to its
 * scope (see `inScope`).
 */
export function transactionBatcher<DB>(db: Kysely<DB>): Batcher {
  return async (statements, scope) => {
    try {
      const results = await inScope(db, scope, async (trx) => {
        const results: QueryResult<unknown>[] = [];
        for (const [i, { query, requireRow }] of statements.entries()) {
          const result = await trx.executeQuery(query);
          if (requireRow === true && result.rows.length === 0) throw new EmptyResult(i);
          results.push(result);
        }
        return results;
      });
      return { ok: true, results };
    } catch (err) {
      if (err instanceof EmptyResult) return { ok: false, emptyAt: err.index };
      throw err;
    }
  };
}
