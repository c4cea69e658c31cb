import type { SqliteDatabase, SqliteStatement } from 'kysely';

/**
 * A SQLite connection that prepares each distinct SQL text once. Kysely's SQLite driver calls
 * `prepare` for every query; in libsql that is a native call that parses and plans the SQL
 * again (docs/decisions.md#statements-prepared-once-queries-compiled-once). The queries here
 * come from a few dozen builders, so their texts repeat: the cache keeps the most recently used
 * `max` statements. Safe because the driver runs one query at a time on its
 * connection (a statement is never in two executions at once), and SQLite re-prepares a cached
 * statement by itself when the schema changes.
 */
export function withStatementCache(db: SqliteDatabase, max = 256): SqliteDatabase {
  const cache = new Map<string, SqliteStatement>();
  return {
    close() {
      cache.clear();
      db.close();
    },
    prepare(sql: string): SqliteStatement {
      const hit = cache.get(sql);
      if (hit !== undefined) {
        // Most recently used last: the first key is the one to evict.
        cache.delete(sql);
        cache.set(sql, hit);
        return hit;
      }
      const statement = db.prepare(sql);
      cache.set(sql, statement);
      if (cache.size > max) {
        const oldest = cache.keys().next();
        if (oldest.done !== true) cache.delete(oldest.value);
      }
      return statement;
    },
  };
}
