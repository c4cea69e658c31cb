// Sessions and history on every backend: migrations, lifecycle, ownership, paging, stale
// sessions, resume state.
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { migrations } from '../../src/storage/migrations.ts';
import { describeStorage, llm, MINUTE, T0, turn } from './suite.ts';

describeStorage('sessions', (h) => {
  describe('migrations', () => {
    it('are idempotent: reopening keeps the data and applies nothing twice', async () => {
      await h.s.sessions.create({ id: 's1', userId: 'alice' });
      await h.s.close();
      h.s = await h.open();
      await h.s.close();
      h.s = await h.open();
      expect((await h.s.sessions.list('alice')).sessions.map((x) => x.id)).toEqual(['s1']);
      const applied = await sql<{ name: string }>`select name from kysely_migration`.execute(
        h.s.database.db,
      );
      expect(applied.rows.map((r) => r.name)).toEqual([
        '001_initial',
        '002_turns_created_at',
        '003_turns_interrupted',
        '004_provider_settings',
        '005_user_preferences',
        '006_user_preferences_updated_at',
        '007_turns_voice_to_voice',
        '008_session_metrics',
        '009_usage_ledger_day',
        '010_dev_user_namespace',
        '011_mcp_servers',
        '012_reminders_and_notes',
        '013_turns_tool_calls',
        '014_push_subscriptions',
        '015_row_level_security',
      ]);
    });

    it('bring turns stored before the interrupted flag up to date, as not interrupted', async () => {
      await h.s.sessions.create({ id: 's1', userId: 'alice' });
      await h.s.turns.record(turn('s1', 1));
      // Back to the schema of 002, with its turn kept.
      const { db } = h.s.database;
      await sql`alter table turns drop column interrupted`.execute(db);
      // Every later migration re-runs too (each is re-runnable): the migrator wants them in order.
      await sql`delete from kysely_migration where name > '002_turns_created_at'`.execute(db);
      await h.s.close();
      h.s = await h.open();
      await h.s.turns.record(turn('s1', 2));
      expect(await h.s.turns.markInterrupted('s1', 2, 'ans')).toBe(true);
      const turns = (await h.s.sessions.get('alice', 's1'))?.turns;
      expect(turns?.map((t) => [t.turnId, t.interrupted])).toEqual([
        [1, false],
        [2, true],
      ]);
      // Run again (a crash before its record): nothing to do.
      await migrations(h.backend.name)['003_turns_interrupted']?.up(h.s.database.db);
      expect(await h.s.database.integrityCheck()).toBe('ok');
    });

    it('can re-run after a crash between the DDL and the migration record', async () => {
      const initial = migrations(h.backend.name)['001_initial'];
      await initial?.up(h.s.database.db);
      expect(await h.s.database.integrityCheck()).toBe('ok');
    });

    // Each backend's own checks are defined for it alone (not skipped for the other: a skip
    // fails the full test command).
    if (h.backend.name === 'postgres')
      it('survive relays starting at once', async () => {
        const [a, b] = await Promise.all([h.open(), h.open()]);
        await Promise.all([a.close(), b.close()]);
      });

    if (h.backend.name === 'sqlite')
      it('set WAL, synchronous=FULL, foreign keys', async () => {
        const first = async (pragma: string) =>
          Object.values(
            (await sql.raw<Record<string, unknown>>(`pragma ${pragma}`).execute(h.s.database.db))
              .rows[0] ?? {},
          )[0];
        expect(await first('journal_mode')).toBe('wal');
        expect(await first('synchronous')).toBe(2); // FULL
        expect(await first('foreign_keys')).toBe(1);
        expect(await first('busy_timeout')).toBe(5000);
      });
  });

  describe('sessions', () => {
    it('go from open to ended with duration and reason', async () => {
      await h.s.sessions.create({ id: 's1', userId: 'alice' });
      expect(await h.s.sessions.get('alice', 's1')).toEqual({
        id: 's1',
        startedAt: T0,
        endedAt: null,
        durationMs: null,
        closeReason: null,
        costMicros: 0,
        turnCount: 0,
        title: null,
        metrics: null,
        turns: [],
      });
      h.now = T0 + 90_000;
      expect(await h.s.sessions.end('s1', 'client-closed')).toBe(true);
      expect(await h.s.sessions.end('s1', 'again')).toBe(false);
      expect(await h.s.sessions.end('nope', 'x')).toBe(false);
      expect(await h.s.sessions.get('alice', 's1')).toMatchObject({
        endedAt: T0 + 90_000,
        durationMs: 90_000,
        closeReason: 'client-closed',
      });
    });

    it('refuse a duplicate id', async () => {
      await h.s.sessions.create({ id: 's1', userId: 'alice' });
      await expect(h.s.sessions.create({ id: 's1', userId: 'bob' })).rejects.toThrow();
    });

    it('are committed when the call resolves: another connection sees them', async () => {
      await h.s.sessions.create({ id: 's1', userId: 'alice' });
      await h.s.turns.record(turn('s1', 1), [llm(5)]);
      const other = await h.open();
      try {
        expect(await other.sessions.get('alice', 's1')).toMatchObject({ turnCount: 1 });
      } finally {
        await other.close();
      }
    });
  });

  describe('ownership', () => {
    it('hides a session from everyone but its user', async () => {
      await h.s.sessions.create({ id: 'a1', userId: 'alice' });
      await h.s.turns.record(turn('a1', 1));
      expect(await h.s.sessions.get('mallory', 'a1')).toBeNull();
      expect(await h.s.sessions.get('alice', 'missing')).toBeNull();
      expect(await h.s.sessions.delete('mallory', 'a1')).toBe(false);
      expect((await h.s.sessions.list('mallory')).sessions).toEqual([]);
      expect((await h.s.sessions.get('alice', 'a1'))?.turns).toHaveLength(1);
    });
  });

  describe('listing', () => {
    it('pages a user’s sessions newest first', async () => {
      for (let i = 1; i <= 7; i++) {
        h.now = T0 + i * MINUTE;
        await h.s.sessions.create({ id: `s${i}`, userId: 'alice' });
      }
      await h.s.sessions.create({ id: 'other', userId: 'bob' });
      const ids: string[][] = [];
      let before: number | undefined;
      for (;;) {
        const page = await h.s.sessions.list('alice', { limit: 3, ...(before ? { before } : {}) });
        ids.push(page.sessions.map((x) => x.id));
        if (page.nextBefore === null) break;
        before = page.nextBefore;
      }
      expect(ids).toEqual([['s7', 's6', 's5'], ['s4', 's3', 's2'], ['s1']]);
      expect((await h.s.sessions.list('alice', { limit: 7 })).nextBefore).toBeNull();
      expect((await h.s.sessions.list('alice', { limit: 0 })).sessions).toHaveLength(1);
    });

    it('never splits sessions that started in the same millisecond', async () => {
      h.now = T0;
      for (const id of ['a', 'b', 'c', 'd']) await h.s.sessions.create({ id, userId: 'alice' });
      h.now = T0 - MINUTE;
      await h.s.sessions.create({ id: 'old', userId: 'alice' });
      const first = await h.s.sessions.list('alice', { limit: 2 });
      expect(first.sessions.map((x) => x.id)).toEqual(['d', 'c', 'b', 'a']);
      expect(first.nextBefore).toBe(T0);
      const second = await h.s.sessions.list('alice', { limit: 2, before: T0 });
      expect(second).toMatchObject({ sessions: [{ id: 'old' }], nextBefore: null });
      const alone = await h.s.sessions.list('alice', { limit: 2, before: T0 + 1 });
      expect(alone.sessions).toHaveLength(4);
    });
  });

  describe('stale sessions', () => {
    it('are ended at their last write, once, with the given reason', async () => {
      await h.s.sessions.create({ id: 'crashed', userId: 'alice' });
      await h.s.sessions.create({ id: 'alive', userId: 'alice' });
      await h.s.sessions.create({ id: 'closed', userId: 'alice' });
      h.now = T0 + 5 * MINUTE;
      await h.s.turns.record(turn('crashed', 1));
      await h.s.sessions.end('closed', 'client-closed');
      h.now = T0 + 50 * MINUTE;
      await h.s.sessions.touch('alive');
      h.now = T0 + 60 * MINUTE;
      expect(await h.s.sessions.endStale({ idleMs: 30 * MINUTE, reason: 'stale' })).toEqual([
        'crashed',
      ]);
      expect(await h.s.sessions.get('alice', 'crashed')).toMatchObject({
        endedAt: T0 + 5 * MINUTE,
        durationMs: 5 * MINUTE,
        closeReason: 'stale',
      });
      expect(await h.s.sessions.get('alice', 'closed')).toMatchObject({
        closeReason: 'client-closed',
      });
      expect(await h.s.sessions.endStale({ idleMs: 0, reason: 'relay-restart' })).toEqual([
        'alive',
      ]);
      expect(await h.s.sessions.endStale({ idleMs: 0, reason: 'relay-restart' })).toEqual([]);
    });

    it('says when a swept session was found: its resume grace counts from then, not from its last write', async () => {
      await h.s.sessions.create({ id: 'quiet', userId: 'alice' });
      await h.s.sessions.saveResume('quiet', 'sha256:abc', { v: 1 });
      const lastWrite = h.now;
      h.now = T0 + 60 * MINUTE;
      await h.s.sessions.endStale({ idleMs: 0, reason: 'relay-restart' });
      expect(await h.s.sessions.loadResume('quiet')).toMatchObject({
        endedAt: lastWrite,
        closeReason: 'relay-restart',
        updatedAt: T0 + 60 * MINUTE,
      });
    });
  });

  describe('resume state', () => {
    it('round-trips, reports an ended session, and clears', async () => {
      await h.s.sessions.create({ id: 's1', userId: 'alice' });
      expect(await h.s.sessions.loadResume('s1')).toBeNull();
      const state = { lastTurnId: 3, history: [{ role: 'user', content: 'hi' }], voice: null };
      expect(await h.s.sessions.saveResume('s1', 'sha256:abc', state)).toBe(true);
      expect(await h.s.sessions.saveResume('missing', 'sha256:abc', state)).toBe(false);
      expect(await h.s.sessions.loadResume('s1')).toEqual({
        userId: 'alice',
        secretHash: 'sha256:abc',
        state,
        endedAt: null,
        closeReason: null,
        updatedAt: h.now,
      });
      h.now += 1000;
      await h.s.sessions.end('s1', 'relay-restart');
      expect(await h.s.sessions.loadResume('s1')).toMatchObject({
        endedAt: h.now,
        closeReason: 'relay-restart',
      });
      // A client resumed it: open again.
      expect(await h.s.sessions.reopen('s1')).toBe(true);
      expect(await h.s.sessions.loadResume('s1')).toMatchObject({
        endedAt: null,
        closeReason: null,
      });
      expect(await h.s.sessions.reopen('missing')).toBe(false);
      await h.s.sessions.clearResume('s1');
      expect(await h.s.sessions.loadResume('s1')).toBeNull();
      await expect(h.s.sessions.saveResume('s1', 'h', undefined)).rejects.toThrow(TypeError);
    });
  });
});
