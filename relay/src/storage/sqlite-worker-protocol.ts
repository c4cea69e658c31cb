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
 * One statement to run; a group of batches to run in one transaction and one commit (one
 * message for all of them), each batch all-or-nothing on its own; or the end: close the
 * database (after everything sent before).
 */
export type SqliteRequest =
  | { type: 'run'; id: number; sql: string; parameters: readonly unknown[] }
  | { type: 'group'; id: number; batches: readonly (readonly BatchedStatement[])[] }
  | { type: 'close' };

/**
 * What became of one batch of a committed group: its statements' results; rolled back because
 * statement `emptyAt` returned no row; or rolled back because a statement failed.
 */
export type BatchOutcome =
  { results: StatementResult[] } | { emptyAt: number } | { error: string; code?: string };

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
  /** A group committed: one outcome per batch (a batch rolled back alone is in it). */
  | { type: 'group-result'; id: number; outcomes: BatchOutcome[] }
  | { type: 'error'; id: number; message: string; code?: string }
  | { type: 'closed' };
