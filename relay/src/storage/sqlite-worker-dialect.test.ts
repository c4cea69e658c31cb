import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SqliteError, WorkerSqlite } from './sqlite-worker-dialect.ts';

describe('WorkerSqlite', () => {
  const open: WorkerSqlite[] = [];
  const dirs: string[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((s) => s.close()));
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });
  async function start(pragmas: string[] = []) {
    const dir = mkdtempSync(join(tmpdir(), 'parley-wsqlite-'));
    dirs.push(dir);
    const opened = await WorkerSqlite.open(join(dir, 'db.sqlite'), pragmas);
    open.push(opened.sqlite);
    return opened;
  }

  it('runs pragmas at open, then statements in order, with rows, changes and rowids', async () => {
    const { sqlite, pragmas } = await start(['journal_mode = WAL', 'foreign_keys = ON']);
    expect(pragmas[0]).toBe('wal');
    await sqlite.run('create table t (id integer primary key, name text)', []);
    const inserted = await sqlite.run('insert into t (name) values (?), (?)', ['a', 'b']);
    expect(inserted).toMatchObject({ numAffectedRows: 2n, insertId: 2n, rows: [] });
    expect((await sqlite.run('select name from t order by id', [])).rows).toEqual([
      { name: 'a' },
      { name: 'b' },
    ]);
  });

  it("rejects with SQLite's message and code, and keeps working", async () => {
    const { sqlite } = await start();
    await sqlite.run('create table t (id integer primary key)', []);
    await sqlite.run('insert into t values (1)', []);
    const err = await sqlite.run('insert into t values (1)', []).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SqliteError);
    expect((err as SqliteError).message).toMatch(/UNIQUE/);
    expect((err as SqliteError).code).toMatch(/^SQLITE_CONSTRAINT/);
    await expect(sqlite.run('select nonsense from nowhere', [])).rejects.toThrow(/no such table/);
    expect((await sqlite.run('select count(*) as n from t', [])).rows).toEqual([{ n: 1 }]);
  });

  it("runs a batch as one transaction: all committed, with each statement's result", async () => {
    const { sqlite } = await start();
    await sqlite.run('create table t (id integer primary key, name text not null)', []);
    const done = await sqlite.batch([
      { sql: 'insert into t (name) values (?)', parameters: ['a'] },
      { sql: 'insert into t (name) values (?) returning id', parameters: ['b'], requireRow: true },
      { sql: 'select count(*) as n from t', parameters: [] },
    ]);
    expect(done).toEqual({
      ok: true,
      results: [
        { rows: [], numAffectedRows: 1n, insertId: 1n },
        { rows: [{ id: 2 }] },
        { rows: [{ n: 2 }] },
      ],
    });
  });

  it('rolls a batch back when a statement fails or a required row is missing', async () => {
    const { sqlite } = await start();
    await sqlite.run('create table t (id integer primary key, name text not null)', []);
    const failing = sqlite.batch([
      { sql: 'insert into t (name) values (?)', parameters: ['kept?'] },
      { sql: 'insert into t (name) values (null)', parameters: [] },
    ]);
    await expect(failing).rejects.toThrow(/NOT NULL/);
    const empty = await sqlite.batch([
      { sql: 'insert into t (name) values (?)', parameters: ['kept?'] },
      {
        sql: 'update t set name = ? where id = ? returning id',
        parameters: ['x', 99],
        requireRow: true,
      },
      { sql: 'insert into t (name) values (?)', parameters: ['never run'] },
    ]);
    expect(empty).toEqual({ ok: false, emptyAt: 1 });
    // Nothing of either batch was written, and the connection is out of any transaction.
    expect((await sqlite.run('select count(*) as n from t', [])).rows).toEqual([{ n: 0 }]);
    await sqlite.run('begin', []);
    await sqlite.run('commit', []);
  });

  it('commits a group in one transaction, each batch all or nothing on its own', async () => {
    const { sqlite } = await start();
    await sqlite.run('create table t (id integer primary key, name text not null)', []);
    const insert = (name: string | null) => ({
      sql: 'insert into t (name) values (?) returning name',
      parameters: [name],
    });
    const outcomes = await sqlite.group([
      [insert('a')],
      [insert('b1'), insert(null)],
      [
        insert('c1'),
        {
          ...insert('c2'),
          sql: 'update t set name = ? where id = 99 returning id',
          requireRow: true,
        },
      ],
      [insert('d')],
    ]);
    expect(outcomes[0]).toEqual({ results: [{ rows: [{ name: 'a' }] }] });
    const failed = outcomes[1] as { error: string; code?: string };
    expect(failed.error).toMatch(/NOT NULL/);
    expect(failed.code).toMatch(/^SQLITE_CONSTRAINT/);
    expect(outcomes[2]).toEqual({ emptyAt: 1 });
    expect(outcomes[3]).toEqual({ results: [{ rows: [{ name: 'd' }] }] });
    // The failed and the empty batch left nothing; the others are committed.
    expect((await sqlite.run('select name from t order by id', [])).rows).toEqual([
      { name: 'a' },
      { name: 'd' },
    ]);
    await sqlite.run('begin', []);
    await sqlite.run('commit', []);
  });

  it('fails every batch of a group whose commit fails, and writes none of them', async () => {
    const { sqlite } = await start(['foreign_keys = ON']);
    await sqlite.run('create table parent (id integer primary key)', []);
    // A deferred foreign key is checked at COMMIT: this group's commit fails.
    await sqlite.run(
      'create table child (id integer primary key, parent integer references parent (id) deferrable initially deferred)',
      [],
    );
    const group = sqlite.group([
      [{ sql: 'insert into parent (id) values (1)', parameters: [] }],
      [{ sql: 'insert into child (parent) values (2)', parameters: [] }],
    ]);
    await expect(group).rejects.toThrow(/FOREIGN KEY/);
    expect((await sqlite.run('select count(*) as n from parent', [])).rows).toEqual([{ n: 0 }]);
    // Out of the failed transaction: the next group commits.
    expect(
      await sqlite.batch([{ sql: 'insert into parent (id) values (3)', parameters: [] }]),
    ).toMatchObject({ ok: true });
  });

  it('keeps the event loop running while a statement works', async () => {
    const { sqlite } = await start();
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    // A few hundred ms of work in the worker (a recursive count to three million).
    const query = sqlite.run(
      'with recursive c(x) as (select 1 union all select x + 1 from c where x < 3000000) select count(*) as n from c',
      [],
    );
    let doneAtTicks = -1;
    void query.then(() => (doneAtTicks = ticks));
    expect((await query).rows).toEqual([{ n: 3_000_000 }]);
    clearInterval(timer);
    // On the event loop (the plain SQLite driver) no timer could fire before the result.
    expect(doneAtTicks).toBeGreaterThan(0);
  });

  it('finishes what was sent before close, then refuses', async () => {
    const { sqlite } = await start();
    await sqlite.run('create table t (x integer)', []);
    const write = sqlite.run('insert into t values (1)', []);
    const closed = sqlite.close();
    await expect(write).resolves.toMatchObject({ numAffectedRows: 1n });
    await closed;
    await expect(sqlite.run('select 1', [])).rejects.toThrow(/closed/);
    await sqlite.close();
  });

  it('fails to open a file it cannot create, and says why', async () => {
    await expect(WorkerSqlite.open('/nonexistent-dir/x/db.sqlite', [])).rejects.toThrow();
  });
});
