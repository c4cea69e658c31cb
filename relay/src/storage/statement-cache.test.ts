import SqliteConnection from 'libsql';
import { describe, expect, it } from 'vitest';
import { withStatementCache } from './statement-cache.ts';

function counting() {
  const connection = new SqliteConnection(':memory:');
  let prepared = 0;
  const db = {
    close: () => connection.close(),
    prepare: (sql: string) => {
      prepared++;
      return connection.prepare(sql);
    },
  };
  return { db, prepared: () => prepared };
}

describe('withStatementCache', () => {
  it('prepares a SQL text once and runs the statement again with new parameters', () => {
    const inner = counting();
    const db = withStatementCache(inner.db);
    db.prepare('create table t (a integer, b text)').run([]);
    for (let i = 0; i < 5; i++) db.prepare('insert into t values (?, ?)').run([i, `row ${i}`]);
    const select = 'select b from t where a >= ? order by a';
    expect(db.prepare(select).all([3])).toEqual([{ b: 'row 3' }, { b: 'row 4' }]);
    expect(db.prepare(select).all([4])).toEqual([{ b: 'row 4' }]);
    expect(db.prepare(select).reader).toBe(true);
    expect(inner.prepared()).toBe(3);
    db.close();
  });

  it('keeps the most recently used statements, up to its bound', () => {
    const inner = counting();
    const db = withStatementCache(inner.db, 2);
    const q = (n: number) => db.prepare(`select ${n} as n`).all([]);
    q(1);
    q(2);
    q(1); // 1 is now the most recent: 2 goes when 3 comes
    q(3);
    expect(inner.prepared()).toBe(3);
    q(1);
    expect(inner.prepared()).toBe(3);
    q(2);
    expect(inner.prepared()).toBe(4);
    expect(q(2)).toEqual([{ n: 2 }]);
    db.close();
  });

  it('sees a table changed after its statement was cached', () => {
    const db = withStatementCache(counting().db);
    db.prepare('create table t (a integer)').run([]);
    const select = 'select * from t';
    expect(db.prepare(select).all([])).toEqual([]);
    db.prepare('alter table t add column b text').run([]);
    db.prepare('insert into t values (1, ?)').run(['x']);
    expect(db.prepare(select).all([])).toEqual([{ a: 1, b: 'x' }]);
    db.close();
  });
});
