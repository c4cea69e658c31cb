/** Messages between the relay and its SQLite worker thread (see sqlite-worker.ts). */

export interface SqliteWorkerData {
  /** Database file, or `:memory:`. */
  file: string;
  /** Pragmas run once the file is open, in order (`journal_mode = WAL`, …). */
  pragmas: string[];
}

/** One statement to run, or the end: close the database (after everything sent before). */
export type SqliteRequest =
  { type: 'run'; id: number; sql: string; parameters: readonly unknown[] } | { type: 'close' };

export type SqliteReply =
  | {
      type: 'ready';
      /** The first column of each pragma's first row (e.g. the journal mode in force). */
      pragmas: unknown[];
    }
  | { type: 'open-failed'; message: string }
  | {
      type: 'result';
      id: number;
      rows: unknown[];
      /** Set for statements that write (not for readers). */
      changes?: number;
      lastInsertRowid?: number | bigint;
    }
  | { type: 'error'; id: number; message: string; code?: string }
  | { type: 'closed' };
