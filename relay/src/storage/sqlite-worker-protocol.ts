/** Messages between the relay and its SQLite worker thread (see sqlite-worker.ts). */

export interface SqliteWorkerData {
  /** Database file, or `:memory:`. */
  file: string;
  /** Pragmas run once the file is open, in order (`journal_mode = WAL`, …). */
  pragmas: string[];
}

/** A statement of a batch; `requireRow`: the batch is rolled back when it returns no row. */
export interface BatchedStatement {
  sql: string;
  parameters: readonly unknown[];
  requireRow?: boolean;
}

/**
 * One statement to run; statements to run in one transaction (one message for a whole
 * transaction); or the end: close the database (after everything sent before).
 */
export type SqliteRequest =
  | { type: 'run'; id: number; sql: string; parameters: readonly unknown[] }
  | { type: 'batch'; id: number; statements: readonly BatchedStatement[] }
  | { type: 'close' };

/** What one statement gave. */
export interface StatementResult {
  rows: unknown[];
  /** Set for statements that write (not for readers). */
  changes?: number;
  lastInsertRowid?: number | bigint;
}

export type SqliteReply =
  | {
      type: 'ready';
      /** The first column of each pragma's first row (e.g. the journal mode in force). */
      pragmas: unknown[];
    }
  | { type: 'open-failed'; message: string }
  | ({ type: 'result'; id: number } & StatementResult)
  /** A batch committed (`results`, one per statement), or rolled back at `emptyAt`. */
  | { type: 'batch-result'; id: number; results: StatementResult[]; emptyAt?: number }
  | { type: 'error'; id: number; message: string; code?: string }
  | { type: 'closed' };
