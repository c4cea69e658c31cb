/**
 * Worker thread that owns the relay's SQLite connection, so that a commit waiting for the disk
 * (`synchronous = FULL` fsyncs the WAL on every commit) stalls this thread, never the event
 * loop that relays microphone audio. Runs one statement (or one batch: a whole transaction) at
 * a time, in the order they arrive; Kysely serialises transactions on its single connection.
 * Bundled as its own entry: `relay/src/storage/sqlite-worker.ts` → `dist/sqlite-worker.js`,
 * beside `dist/main.js`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import SqliteConnection from 'libsql';
import type {
  BatchOutcome,
  BatchedStatement,
  SqliteReply,
  SqliteRequest,
  SqliteWorkerData,
  StatementResult,
} from './sqlite-worker-protocol.ts';
import { withStatementCache } from './statement-cache.ts';

const port = parentPort;
if (!port) throw new Error('sqlite-worker must run in a worker thread');
const { file, pragmas } = workerData as SqliteWorkerData;
const reply = (message: SqliteReply) => port.postMessage(message);
const describe = (err: unknown) => (err instanceof Error ? err.message : String(err));

function open(): {
  raw: SqliteConnection.Database;
  db: ReturnType<typeof withStatementCache>;
} | null {
  let connection: SqliteConnection.Database;
  try {
    connection = new SqliteConnection(file);
  } catch (err) {
    reply({ type: 'open-failed', message: describe(err) });
    return null;
  }
  try {
    const results = pragmas.map((p): unknown => {
      // all(), not get(): libsql's get() adds a `_metadata` column.
      const row: unknown = connection.prepare(`pragma ${p}`).all()[0];
      return typeof row === 'object' && row !== null
        ? (Object.values(row) as unknown[])[0]
        : undefined;
    });
    reply({ type: 'ready', pragmas: results });
  } catch (err) {
    connection.close();
    reply({ type: 'open-failed', message: describe(err) });
    return null;
  }
  return { raw: connection, db: withStatementCache(connection) };
}

const opened = open();
if (opened) {
  const { raw, db } = opened;
  const execute = (sql: string, parameters: readonly unknown[]): StatementResult => {
    const statement = db.prepare(sql);
    if (statement.reader) return { rows: statement.all(parameters) };
    const { changes, lastInsertRowid } = statement.run(parameters);
    return { rows: [], changes: Number(changes), lastInsertRowid };
  };
  const errorOf = (err: unknown): { message: string; code?: string } => {
    const e = err as { message?: unknown; code?: unknown };
    return {
      message: String(e.message ?? err),
      ...(typeof e.code === 'string' ? { code: e.code } : {}),
    };
  };
  const undoBatch = () => {
    execute('rollback to parley_batch', []);
    execute('release parley_batch', []);
  };
  /** One batch inside the group's transaction, all or nothing: a savepoint around it. */
  const batch = (statements: readonly BatchedStatement[]): BatchOutcome => {
    execute('savepoint parley_batch', []);
    try {
      const results: StatementResult[] = [];
      for (const [i, { sql, parameters, requireRow }] of statements.entries()) {
        const result = execute(sql, parameters);
        if (requireRow === true && result.rows.length === 0) {
          undoBatch();
          return { emptyAt: i };
        }
        results.push(result);
      }
      execute('release parley_batch', []);
      return { results };
    } catch (err) {
      // Some errors (a full disk, I/O) make SQLite roll the whole transaction back: then the
      // batches before this one are gone too, and the group must fail as a whole.
      if (!raw.inTransaction) throw err;
      undoBatch();
      const { message, code } = errorOf(err);
      return code === undefined ? { error: message } : { error: message, code };
    }
  };
  /**
   * Group commit: every batch in one transaction and one commit (one fsync for all). A batch
   * that fails is rolled back alone; a failed commit fails them all (the request errs).
   */
  const group = (id: number, batches: readonly (readonly BatchedStatement[])[]): SqliteReply => {
    execute('begin', []);
    try {
      const outcomes = batches.map(batch);
      execute('commit', []);
      return { type: 'group-result', id, outcomes };
    } catch (err) {
      if (raw.inTransaction) execute('rollback', []);
      throw err;
    }
  };
  port.on('message', (request: SqliteRequest) => {
    if (request.type === 'close') {
      db.close();
      reply({ type: 'closed' });
      port.close();
      return;
    }
    const { id } = request;
    try {
      reply(
        request.type === 'group'
          ? group(id, request.batches)
          : { type: 'result', id, ...execute(request.sql, request.parameters) },
      );
    } catch (err) {
      reply({ type: 'error', id, ...errorOf(err) });
    }
  });
}
