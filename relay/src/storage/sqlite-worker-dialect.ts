import type { Worker } from 'node:worker_threads';
import {
  CompiledQuery,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type Kysely,
  type QueryResult,
} from 'kysely';
import { startWorker, workerScript, type WorkerSpec } from '../worker-script.ts';
import type {
  BatchOutcome,
  BatchedStatement,
  SqliteReply,
  SqliteRequest,
  SqliteWorkerData,
  StatementResult,
} from './sqlite-worker-protocol.ts';

/** An error SQLite reported, with its code (e.g. `SQLITE_CONSTRAINT_PRIMARYKEY`) when it gave one. */
export class SqliteError extends Error {
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message);
    this.name = 'SqliteError';
  }
}

interface Pending {
  resolve: (reply: Extract<SqliteReply, { type: 'result' | 'group-result' }>) => void;
  reject: (error: Error) => void;
}

/** A batch's outcome: every statement's result (committed), or the statement that found no row. */
export type BatchResult =
  { ok: true; results: QueryResult<unknown>[] } | { ok: false; emptyAt: number };

const toQueryResult = (r: StatementResult): QueryResult<unknown> => ({
  rows: r.rows,
  ...(r.changes === undefined ? {} : { numAffectedRows: BigInt(r.changes) }),
  ...(r.lastInsertRowid === undefined ? {} : { insertId: BigInt(r.lastInsertRowid) }),
});

/** A batch's outcome as {@link WorkerSqlite.batch} answers it: its statement's error thrown. */
export function batchResult(outcome: BatchOutcome): BatchResult {
  if ('error' in outcome) throw new SqliteError(outcome.error, outcome.code);
  if ('emptyAt' in outcome) return { ok: false, emptyAt: outcome.emptyAt };
  return { ok: true, results: outcome.results.map(toQueryResult) };
}

/**
 * A SQLite database whose connection lives in a worker thread (sqlite-worker.ts): statements
 * go there as messages and results come back, so the event loop never waits for the disk.
 */
export class WorkerSqlite {
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  private dead: Error | null = null;
  private closing: Promise<void> | null = null;

  private constructor(private readonly worker: Worker) {
    // The worker keeps the process alive only while a statement is in flight (see run()).
    worker.unref();
    worker.on('message', (m: SqliteReply) => this.onReply(m));
    worker.on('error', (err) => this.stop(new Error(`SQLite worker failed: ${err.message}`)));
    worker.on('exit', (code) => this.stop(new Error(`SQLite worker exited (code ${code})`)));
  }

  /**
   * Opens `file` in a new worker and runs `pragmas` there; resolves with the first column of
   * each pragma's first row. Rejects (and ends the worker) when the file cannot be opened.
   */
  static async open(
    file: string,
    pragmas: string[],
    spec: WorkerSpec = workerScript(import.meta.url, 'sqlite-worker'),
  ): Promise<{ sqlite: WorkerSqlite; pragmas: unknown[] }> {
    const workerData: SqliteWorkerData = { file, pragmas };
    const worker = startWorker(spec, { workerData });
    const listeners: {
      message?: (m: SqliteReply) => void;
      error?: (e: Error) => void;
      exit?: (code: number) => void;
    } = {};
    const ready = await new Promise<unknown[]>((resolve, reject) => {
      listeners.message = (m) => {
        if (m.type === 'ready') resolve(m.pragmas);
        else if (m.type === 'open-failed') reject(new Error(m.message));
      };
      listeners.error = reject;
      listeners.exit = (code) => reject(new Error(`SQLite worker exited (code ${code})`));
      worker.on('message', listeners.message);
      worker.on('error', listeners.error);
      worker.on('exit', listeners.exit);
    })
      .catch(async (err: unknown) => {
        await worker.terminate();
        throw err;
      })
      .finally(() => {
        if (listeners.message) worker.off('message', listeners.message);
        if (listeners.error) worker.off('error', listeners.error);
        if (listeners.exit) worker.off('exit', listeners.exit);
      });
    return { sqlite: new WorkerSqlite(worker), pragmas: ready };
  }

  /** Runs one statement; rows for a reader, the change count and last rowid otherwise. */
  async run(sql: string, parameters: readonly unknown[]): Promise<QueryResult<unknown>> {
    const reply = await this.request((id) => ({ type: 'run', id, sql, parameters }));
    if (reply.type !== 'result') throw new Error(`SQLite worker answered ${reply.type} to run`);
    return toQueryResult(reply);
  }

  /**
   * Runs `statements` in one transaction, in one message to the worker (one round trip for a
   * whole transaction). Committed when all succeed; rolled back when one throws (this rejects
   * with its error) or when one marked `requireRow` returns no row (`{ ok: false, emptyAt }`).
   * Not serialised with Kysely's transactions: call it on a connection Kysely has handed out.
   */
  async batch(statements: readonly BatchedStatement[]): Promise<BatchResult> {
    const [outcome] = await this.group([statements]);
    return batchResult(outcome as BatchOutcome);
  }

  /**
   * Runs several batches in one transaction and one commit (group commit: one fsync for all),
   * each batch all-or-nothing on its own: one outcome per batch, in order. Rejects (nothing
   * written) when the transaction itself fails, e.g. its commit. Like {@link batch}, call it on
   * a connection Kysely has handed out.
   */
  async group(batches: readonly (readonly BatchedStatement[])[]): Promise<BatchOutcome[]> {
    const reply = await this.request((id) => ({ type: 'group', id, batches }));
    if (reply.type !== 'group-result')
      throw new Error(`SQLite worker answered ${reply.type} to a group`);
    return reply.outcomes;
  }

  private request(
    message: (id: number) => SqliteRequest,
  ): Promise<Extract<SqliteReply, { type: 'result' | 'group-result' }>> {
    if (this.dead) return Promise.reject(this.dead);
    if (this.closing) return Promise.reject(new Error('The database is closed.'));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      if (this.pending.size === 0) this.worker.ref();
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage(message(id));
    });
  }

  /** Closes the database after the statements already sent, and ends the worker. Idempotent. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      if (this.dead) return;
      this.worker.ref();
      const closed = new Promise<void>((resolve) => this.worker.once('exit', () => resolve()));
      const request: SqliteRequest = { type: 'close' };
      this.worker.postMessage(request);
      await closed;
    })();
    return this.closing;
  }

  private onReply(m: SqliteReply): void {
    if (m.type !== 'result' && m.type !== 'group-result' && m.type !== 'error') return;
    const waiting = this.pending.get(m.id);
    if (!waiting) return;
    this.pending.delete(m.id);
    if (this.pending.size === 0) this.worker.unref();
    if (m.type === 'error') {
      waiting.reject(new SqliteError(m.message, m.code));
      return;
    }
    waiting.resolve(m);
  }

  private stop(error: Error): void {
    if (this.dead) return;
    // After close() the worker's exit is expected; before it, statements in flight fail.
    this.dead = this.closing ? new Error('The database is closed.') : error;
    for (const waiting of this.pending.values()) waiting.reject(this.dead);
    this.pending.clear();
  }
}

/** Kysely's SQLite dialect over a {@link WorkerSqlite}: same SQL, adapter and introspection. */
export class WorkerSqliteDialect implements Dialect {
  constructor(private readonly sqlite: WorkerSqlite) {}

  createAdapter(): SqliteAdapter {
    // One connection (supportsMultipleConnections: false): Kysely serialises its use.
    return new SqliteAdapter();
  }

  createDriver(): Driver {
    return new WorkerSqliteDriver(this.sqlite);
  }

  createQueryCompiler(): SqliteQueryCompiler {
    return new SqliteQueryCompiler();
  }

  createIntrospector(db: Kysely<unknown>): SqliteIntrospector {
    return new SqliteIntrospector(db);
  }
}

class WorkerSqliteDriver implements Driver {
  private readonly connection: WorkerSqliteConnection;

  constructor(private readonly sqlite: WorkerSqlite) {
    this.connection = new WorkerSqliteConnection(sqlite);
  }

  async init(): Promise<void> {}

  acquireConnection(): Promise<DatabaseConnection> {
    return Promise.resolve(this.connection);
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin'));
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('commit'));
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('rollback'));
  }

  async releaseConnection(): Promise<void> {}

  async destroy(): Promise<void> {
    await this.sqlite.close();
  }
}

class WorkerSqliteConnection implements DatabaseConnection {
  constructor(private readonly sqlite: WorkerSqlite) {}

  executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    return this.sqlite.run(query.sql, query.parameters) as Promise<QueryResult<R>>;
  }

  async *streamQuery<R>(query: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
    const { rows } = await this.executeQuery<R>(query);
    for (const row of rows) yield { rows: [row] };
  }
}
