import type { CompiledQuery, Kysely, QueryResult } from 'kysely';
import type { BatchResult } from './sqlite-worker-dialect.ts';

/** A compiled statement of a batch; `requireRow`: roll the batch back when it returns no row. */
interface BatchStatement {
  query: CompiledQuery;
  requireRow?: boolean;
}

/** Runs statements in one transaction (see `Database.batch`). */
export type Batcher = (statements: readonly BatchStatement[]) => Promise<BatchResult>;

class EmptyResult extends Error {
  constructor(readonly index: number) {
    super(`statement ${index} of the batch returned no row`);
  }
}

/** A {@link Batcher} for any Kysely dialect: the statements one after another in a transaction. */
export function transactionBatcher<DB>(db: Kysely<DB>): Batcher {
  return async (statements) => {
    try {
      const results = await db.transaction().execute(async (trx) => {
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
