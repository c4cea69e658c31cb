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

function open(): ReturnType<typeof withStatementCache> | null {
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
  return withStatementCache(connection);
}

const db = open();
if (db) {
  const execute = (sql: string, parameters: readonly unknown[]): StatementResult => {
    const statement = db.prepare(sql);
    if (statement.reader) return { rows: statement.all(parameters) };
    const { changes, lastInsertRowid } = statement.run(parameters);
    return { rows: [], changes: Number(changes), lastInsertRowid };
  };
  /** All statements in one transaction: committed, or rolled back at the first that fails. */
  const batch = (id: number, statements: readonly BatchedStatement[]): SqliteReply => {
    execute('begin', []);
    try {
      const results: StatementResult[] = [];
      for (const [i, { sql, parameters, requireRow }] of statements.entries()) {
        const result = execute(sql, parameters);
        if (requireRow === true && result.rows.length === 0) {
          execute('rollback', []);
          return { type: 'batch-result', id, results: [], emptyAt: i };
        }
        results.push(result);
      }
      execute('commit', []);
      return { type: 'batch-result', id, results };
    } catch (err) {
      try {
        execute('rollback', []);
      } catch {
        // SQLite rolled back by itself (e.g. on a full disk): nothing left to undo.
      }
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
        request.type === 'batch'
          ? batch(id, request.statements)
          : { type: 'result', id, ...execute(request.sql, request.parameters) },
      );
    } catch (err) {
      const e = err as { message?: unknown; code?: unknown };
      reply({
        type: 'error',
        id,
        message: String(e.message ?? err),
        ...(typeof e.code === 'string' ? { code: e.code } : {}),
      });
    }
  });
}
