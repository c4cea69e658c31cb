/**
 * Worker thread that owns the relay's SQLite connection, so that a commit waiting for the disk
 * (`synchronous = FULL` fsyncs the WAL on every commit) stalls this thread, never the event
 * loop that relays microphone audio. Runs one statement at a time, in the order they arrive;
 * Kysely already serialises transactions on its single connection. Bundled as its own entry:
 * `relay/src/storage/sqlite-worker.ts` → `dist/sqlite-worker.js`, beside `dist/main.js`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import SqliteConnection from 'libsql';
import type { SqliteReply, SqliteRequest, SqliteWorkerData } from './sqlite-worker-protocol.ts';
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
  port.on('message', (request: SqliteRequest) => {
    if (request.type === 'close') {
      db.close();
      reply({ type: 'closed' });
      port.close();
      return;
    }
    const { id, sql, parameters } = request;
    try {
      const statement = db.prepare(sql);
      if (statement.reader) {
        reply({ type: 'result', id, rows: statement.all(parameters) });
      } else {
        const { changes, lastInsertRowid } = statement.run(parameters);
        reply({ type: 'result', id, rows: [], changes: Number(changes), lastInsertRowid });
      }
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
