// Database.batch on every backend: one transaction, all or nothing, and never inside another's.
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { describeStorage } from './suite.ts';

describeStorage('batched transactions', (h) => {
  const alice = { userId: 'alice' };
  const count = async () => {
    const { rows } = await sql<{ n: number }>`select count(*) as n from sessions`.execute(
      h.s.database.db,
    );
    return Number(rows[0]?.n);
  };
  const insert = (id: string) =>
    h.s.database.db
      .insertInto('sessions')
      .values({ id, user_id: 'alice', started_at: h.now, updated_at: h.now })
      .compile();

  it('commits every statement and returns each one’s rows', async () => {
    const { db } = h.s.database;
    const done = await h.s.database.batch(
      [
        { query: insert('a') },
        { query: insert('b') },
        {
          query: db.selectFrom('sessions').select('id').orderBy('id').compile(),
          requireRow: true,
        },
      ],
      alice,
    );
    expect(done.ok && done.results[2]?.rows).toEqual([{ id: 'a' }, { id: 'b' }]);
    expect(await count()).toBe(2);
  });

  it('writes nothing when a statement fails or a required row is missing', async () => {
    const { db } = h.s.database;
    await expect(
      h.s.database.batch([{ query: insert('a') }, { query: insert('a') }], alice),
    ).rejects.toThrow();
    const missing = db
      .updateTable('sessions')
      .set({ title: 'x' })
      .where('id', '=', 'nobody')
      .returning('id')
      .compile();
    expect(
      await h.s.database.batch(
        [{ query: insert('b') }, { query: missing, requireRow: true }],
        alice,
      ),
    ).toEqual({ ok: false, emptyAt: 1 });
    expect(await count()).toBe(0);
  });

  it('keeps batches in flight together apart: each is all or nothing, and SQLite commits them in fewer commits', async () => {
    const before = h.s.database.commitStats();
    const results = await Promise.allSettled(
      ['a', 'b', 'c', 'b', 'd', 'e'].map((id) =>
        h.s.database.batch([{ query: insert(id) }], alice),
      ),
    );
    // One of the two 'b' batches fails alone (which one is the database's choice on
    // PostgreSQL, where they run on different connections); every other batch is committed.
    const status = results.map((r) => r.status);
    expect([status[1], status[3]].sort()).toEqual(['fulfilled', 'rejected']);
    expect([status[0], status[2], status[4], status[5]]).toEqual(Array(4).fill('fulfilled'));
    expect(await count()).toBe(5);
    const after = h.s.database.commitStats();
    if (h.s.database.dialect === 'sqlite') {
      expect(after!.batches - before!.batches).toBe(6);
      expect(after!.commits - before!.commits).toBeLessThan(6);
    } else expect(after).toBeNull();
  });

  it('waits for a transaction in progress instead of running inside it', async () => {
    const { db } = h.s.database;
    let release = () => {};
    const held = new Promise<void>((r) => (release = r));
    let started = () => {};
    const inside = new Promise<void>((r) => (started = r));
    const other = db.transaction().execute(async (trx) => {
      await trx
        .insertInto('sessions')
        .values({ id: 'other', user_id: 'bob', started_at: 1, updated_at: 1 })
        .execute();
      started();
      await held;
      throw new Error('rolled back on purpose');
    });
    await inside;
    const batch = h.s.database.batch([{ query: insert('mine') }], alice);
    // Give the batch every chance to run early; then the other transaction rolls back.
    await new Promise((r) => setTimeout(r, 50));
    release();
    await expect(other).rejects.toThrow(/on purpose/);
    expect((await batch).ok).toBe(true);
    // The batch's row survived the other's rollback: it was not part of that transaction.
    const ids = await db.selectFrom('sessions').select('id').execute();
    expect(ids.map((r) => r.id)).toEqual(['mine']);
  });
});
