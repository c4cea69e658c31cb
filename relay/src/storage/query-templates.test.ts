import {
  DummyDriver,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  sql,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  type Dialect,
} from 'kysely';
import { describe, expect, it } from 'vitest';
import { QueryTemplates } from './query-templates.ts';

interface Db {
  items: { id: string; n: number; note: string | null; at: number };
}

/** A Kysely that only compiles (no database behind it). */
function compileOnly(dialect: 'sqlite' | 'postgres'): Kysely<Db> {
  const d: Dialect =
    dialect === 'sqlite'
      ? {
          createAdapter: () => new SqliteAdapter(),
          createDriver: () => new DummyDriver(),
          createIntrospector: (db) => new SqliteIntrospector(db),
          createQueryCompiler: () => new SqliteQueryCompiler(),
        }
      : {
          createAdapter: () => new PostgresAdapter(),
          createDriver: () => new DummyDriver(),
          createIntrospector: (db) => new PostgresIntrospector(db),
          createQueryCompiler: () => new PostgresQueryCompiler(),
        };
  return new Kysely<Db>({ dialect: d });
}

describe.each(['sqlite', 'postgres'] as const)('QueryTemplates (%s)', (dialect) => {
  const db = compileOnly(dialect);
  const update = (v: { id: string; n: number; at: number }) =>
    db
      .updateTable('items')
      .set({ n: sql`n + ${v.n}`, at: v.at, note: 'constant' })
      .where('id', '=', v.id)
      .where('at', '<', v.at)
      .returning('n');

  it('gives what Kysely compiles for the same values, compiling once per key', () => {
    const templates = new QueryTemplates();
    for (const values of [
      { id: 'a', n: 1, at: 10 },
      { id: "b'; drop table items; --", n: -5, at: 11 },
    ]) {
      const bound = templates.bind('update', values, update);
      const direct = update(values).compile();
      expect(bound.sql).toBe(direct.sql);
      expect(bound.parameters).toEqual(direct.parameters);
    }
    expect(templates.size).toBe(1);
  });

  it('keeps shapes apart by key: an optional column, a number of rows', () => {
    const templates = new QueryTemplates();
    const insert = (rows: number) => (v: Record<string, unknown>) =>
      db.insertInto('items').values(
        Array.from({ length: rows }, (_, i) => ({
          id: v[`${i}.id`] as string,
          n: v[`${i}.n`] as number,
          note: null,
          at: v.at as number,
        })),
      );
    const one = templates.bind('insert:1', { '0.id': 'x', '0.n': 1, at: 5 }, insert(1));
    const two = templates.bind(
      'insert:2',
      { '0.id': 'x', '0.n': 1, '1.id': 'y', '1.n': 2, at: 6 },
      insert(2),
    );
    expect(one.parameters).toEqual(
      insert(1)({ '0.id': 'x', '0.n': 1, at: 5 }).compile().parameters,
    );
    expect(two.parameters).toEqual(['x', 1, null, 6, 'y', 2, null, 6]);
    expect(templates.size).toBe(2);
  });

  it('refuses a template that changes a value instead of binding it', () => {
    const templates = new QueryTemplates();
    expect(() =>
      templates.bind('bad', { id: 'a', note: { k: 1 } }, (v) =>
        db
          .updateTable('items')
          .set({ note: JSON.stringify(v.note) })
          .where('id', '=', v.id),
      ),
    ).toThrow(/bad: note did not become a bound parameter/);
    expect(() =>
      templates.bind('inlined', { id: 'a' }, (v) =>
        db.selectFrom('items').select(sql.lit(v.id).as('x')).where('id', '=', 'a'),
      ),
    ).toThrow(/inlined: id did not become a bound parameter/);
  });
});
