// Turns and money on every backend: atomic turn records, the usage ledger, deletion, integrity.
import { sql, type Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import { RelayError } from '../../src/errors.ts';
import type { TurnStatus } from '@parley/shared';
import type { Tables } from '../../src/storage/schema.ts';
import { turnOutcome } from '../../src/storage/turns.ts';
import { describeStorage, llm, T0, turn, turnRow } from './suite.ts';

describeStorage('turns and usage', (h) => {
  describe('turns', () => {
    it('record the turn, its usage and the session counters together', async () => {
      await h.s.sessions.create({ id: 's1', userId: 'alice' });
      h.now += 1000;
      const recorded = await h.s.turns.record(
        {
          ...turn('s1', 1, '  What is   the weather\ntoday? '),
          timings: { asrFinalMs: 120.5, llmFirstTokenMs: 300 },
          usage: { asr: { audioMs: 1800 }, llm: { inputTokens: 10, outputTokens: 20 } },
          providers: { asr: 'pocketsphinx', llm: 'test-llm', tts: 'flite' },
        },
        [
          { stage: 'asr', provider: 'pocketsphinx', units: { audioMs: 1800 }, costMicros: 30 },
          llm(70),
        ],
      );
      expect(recorded).toEqual({ turnCostMicros: 100, sessionCostMicros: 100, turnCount: 1 });
      const got = await h.s.sessions.get('alice', 's1');
      expect(got).toMatchObject({
        title: 'What is the weather today?',
        turnCount: 1,
        costMicros: 100,
      });
      expect(got?.turns).toEqual([
        {
          turnId: 1,
          userText: '  What is   the weather\ntoday? ',
          assistantText: 'answer 1',
          status: 'completed',
          interrupted: false,
          timings: { asrFinalMs: 120.5, llmFirstTokenMs: 300 },
          usage: { asr: { audioMs: 1800 }, llm: { inputTokens: 10, outputTokens: 20 } },
          providers: { asr: 'pocketsphinx', llm: 'test-llm', tts: 'flite' },
          costMicros: 100,
          createdAt: T0 + 1000,
        },
      ]);
    });

    it('keep the tools a turn called with it, in order; a turn that called none has none', async () => {
      await h.s.sessions.create({ id: 's1', userId: 'alice' });
      const calls = [
        {
          callId: 'call_1',
          name: 'add',
          arguments: '{"a":1,"b":2}',
          status: 'done' as const,
          summary: '3',
          startedAtMs: T0 + 10.5,
          endedAtMs: T0 + 12.25,
        },
        {
          callId: 'call_2',
          name: 'launch',
          arguments: '{',
          status: 'invalid-arguments' as const,
          summary: 'not run: invalid arguments',
          startedAtMs: T0 + 10.5,
          endedAtMs: T0 + 10.5,
        },
      ];
      await h.s.turns.record({ ...turn('s1', 1, 'add one and two'), toolCalls: calls });
      await h.s.turns.record({ ...turn('s1', 2, 'thanks'), toolCalls: [] });
      const got = await h.s.sessions.get('alice', 's1');
      expect(got?.turns.map((t) => t.toolCalls)).toEqual([calls, undefined]);
    });

    it('title the session with the first non-empty utterance, cut to 80 characters', async () => {
      await h.s.sessions.create({ id: 's1', userId: 'alice' });
      await h.s.turns.record({ ...turn('s1', 1, '   '), status: 'empty' });
      expect((await h.s.sessions.get('alice', 's1'))?.title).toBeNull();
      await h.s.turns.record(turn('s1', 2, 'word '.repeat(40)));
      await h.s.turns.record(turn('s1', 3, 'a later question'));
      const title = (await h.s.sessions.get('alice', 's1'))?.title ?? '';
      expect(title).toHaveLength(80);
      expect(title.endsWith('word…')).toBe(true);
    });

    it('store the resume checkpoint in the same transaction, or not at all', async () => {
      await h.s.sessions.create({ id: 's1', userId: 'alice' });
      await h.s.sessions.saveResume('s1', 'hash', { lastTurnId: 0 });
      await h.s.turns.record(turn('s1', 1), [], { resumeState: { lastTurnId: 1 } });
      expect(await h.s.sessions.loadResume('s1')).toMatchObject({
        secretHash: 'hash',
        state: { lastTurnId: 1 },
      });
      // The turn insert fails (same id): the checkpoint stays where it was.
      await expect(
        h.s.turns.record(turn('s1', 1), [], { resumeState: { lastTurnId: 2 } }),
      ).rejects.toThrow();
      expect((await h.s.sessions.loadResume('s1'))?.state).toEqual({ lastTurnId: 1 });
      await expect(h.s.turns.record(turn('s1', 2), [], { resumeState: () => 0 })).rejects.toThrow(
        TypeError,
      );
      expect(await h.turnRows('s1')).toBe(1);
    });

    it('is all or nothing: a failing insert bumps no counter and charges nothing', async () => {
      await h.s.sessions.create({ id: 's1', userId: 'alice' });
      await h.s.turns.record(turn('s1', 1), [llm(10)]);
      // Same turn id: the turn insert fails after the session update and the ledger insert.
      await expect(h.s.turns.record(turn('s1', 1), [llm(500)])).rejects.toThrow();
      // Invalid usage: refused before anything is written.
      await expect(h.s.turns.record(turn('s1', 2), [llm(-1)])).rejects.toThrow(RangeError);
      expect(await h.s.sessions.get('alice', 's1')).toMatchObject({ turnCount: 1, costMicros: 10 });
      expect(await h.turnRows('s1')).toBe(1);
      expect(await h.s.usage.sessionCost('s1')).toBe(10);
      expect(await h.s.usage.userDayCost('alice')).toBe(10);
      expect(await h.s.database.integrityCheck()).toBe('ok');
    });

    it('are refused for a session that does not exist, as not-found', async () => {
      const err: unknown = await h.s.turns
        .record(turn('gone', 1), [llm(10)])
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(RelayError);
      expect((err as RelayError).code).toBe('not-found');
      expect(await h.s.usage.userDayCost('alice')).toBe(0);
    });

    it('keep the reply as heard after a barge-in, marked interrupted', async () => {
      await h.s.sessions.create({ id: 's1', userId: 'alice' });
      await h.s.turns.record(turn('s1', 1));
      await h.s.turns.record(turn('s1', 2));
      expect(await h.s.turns.markInterrupted('s1', 1, 'answ')).toBe(true);
      expect(await h.s.turns.markInterrupted('s1', 9, 'x')).toBe(false);
      const turns = (await h.s.sessions.get('alice', 's1'))?.turns;
      expect(turns?.map((t) => [t.assistantText, t.status, t.interrupted])).toEqual([
        ['answ', 'completed', true],
        ['answer 2', 'completed', false],
      ]);
    });

    it('count an interrupted reply as interrupted, unless the turn failed', () => {
      const outcome = (status: TurnStatus, interrupted: boolean) =>
        turnOutcome({ status, interrupted });
      expect(outcome('completed', true)).toBe('interrupted');
      expect(outcome('cancelled', true)).toBe('interrupted');
      expect(outcome('completed', false)).toBe('completed');
      expect(outcome('failed', true)).toBe('failed');
    });

    it('record a turn interrupted while it ran as interrupted', async () => {
      await h.s.sessions.create({ id: 's1', userId: 'alice' });
      await h.s.turns.record({ ...turn('s1', 1), status: 'cancelled', interrupted: true });
      const [t] = (await h.s.sessions.get('alice', 's1'))?.turns ?? [];
      expect([t?.status, t?.interrupted]).toEqual(['cancelled', true]);
      expect((await h.s.turns.recent(10))[0]?.interrupted).toBe(true);
    });
  });

  describe('usage ledger', () => {
    it('adds usage appended before or after the turn to the turn and the session', async () => {
      await h.s.sessions.create({ id: 's1', userId: 'alice' });
      const entry = { userId: 'alice', sessionId: 's1', turnId: 1 };
      await h.s.usage.append([{ ...entry, ...llm(40, true) }]); // speculative, before the turn
      const recorded = await h.s.turns.record(turn('s1', 1), [llm(60)]);
      expect(recorded.turnCostMicros).toBe(100);
      await h.s.usage.append([
        { ...entry, stage: 'tts', provider: 'flite', units: { characters: 80 }, costMicros: 25 },
        { userId: 'alice', sessionId: 's1', ...llm(5) }, // outside any turn
      ]);
      const got = await h.s.sessions.get('alice', 's1');
      expect(got?.costMicros).toBe(130);
      expect(got?.turns[0]?.costMicros).toBe(125);
      expect(await h.s.usage.sessionCost('s1')).toBe(130);
      expect(await h.s.database.integrityCheck()).toBe('ok');
    });

    it('totals a user’s UTC day across sessions', async () => {
      h.now = Date.UTC(2025, 5, 1, 23, 59);
      await h.s.sessions.create({ id: 'a1', userId: 'alice' });
      await h.s.sessions.create({ id: 'b1', userId: 'bob' });
      await h.s.turns.record(turn('a1', 1), [llm(100)]);
      await h.s.turns.record(turn('b1', 1), [llm(7)]);
      h.now = Date.UTC(2025, 5, 2, 0, 1); // the same session runs past midnight
      await h.s.turns.record(turn('a1', 2), [llm(20)]);
      await h.s.sessions.create({ id: 'a2', userId: 'alice' });
      await h.s.turns.record(turn('a2', 1), [llm(3)]);
      expect(await h.s.usage.userDayCost('alice', '2025-06-01')).toBe(100);
      expect(await h.s.usage.userDayCost('alice', '2025-06-02')).toBe(23);
      expect(await h.s.usage.userDayCost('alice')).toBe(23); // today, by the injected clock
      expect(await h.s.usage.userDayCost('bob', '2025-06-01')).toBe(7);
      expect(await h.s.usage.userDayCost('carol', '2025-06-01')).toBe(0);
      expect(await h.s.usage.sessionCost('a1')).toBe(120);
    });

    it('keeps counters equal to the ledger when usage races the turn record', async () => {
      await h.s.sessions.create({ id: 's1', userId: 'alice' });
      const racing = Array.from({ length: 20 }, (_, i) =>
        Promise.all([
          h.s.turns.record(turn('s1', i + 1), [llm(10)]),
          h.s.usage.append([{ userId: 'alice', sessionId: 's1', turnId: i + 1, ...llm(5, true) }]),
        ]),
      );
      await Promise.all(racing);
      const got = await h.s.sessions.get('alice', 's1');
      expect(got?.costMicros).toBe(300);
      expect(got?.turns.map((t) => t.costMicros)).toEqual(Array(20).fill(15));
      expect(await h.s.database.integrityCheck()).toBe('ok');
    });

    it('rejects amounts that are not whole micro-dollars', async () => {
      await h.s.sessions.create({ id: 's1', userId: 'alice' });
      const bad = { userId: 'alice', sessionId: 's1', ...llm(1.5) };
      await expect(h.s.usage.append([bad])).rejects.toThrow(RangeError);
      expect(await h.s.usage.sessionCost('s1')).toBe(0);
    });
  });

  describe('deleting a session', () => {
    it('deletes its turns and keeps its spending in the ledger', async () => {
      await h.s.sessions.create({ id: 's1', userId: 'alice' });
      await h.s.turns.record(turn('s1', 1), [llm(10)]);
      await h.s.turns.record(turn('s1', 2), [llm(20)]);
      expect(await h.s.sessions.delete('alice', 's1')).toBe(true);
      expect(await h.s.sessions.delete('alice', 's1')).toBe(false);
      expect(await h.s.sessions.get('alice', 's1')).toBeNull();
      expect(await h.turnRows('s1')).toBe(0);
      expect(await h.s.usage.sessionCost('s1')).toBe(30);
      expect(await h.s.usage.userDayCost('alice')).toBe(30);
      const ledger = await h.s.database.db.selectFrom('usage_ledger').selectAll().execute();
      expect(ledger).toHaveLength(2);
      // No transcript text in the ledger.
      expect(JSON.stringify(ledger)).not.toMatch(/question|answer/);
      expect(await h.s.database.integrityCheck()).toBe('ok');
    });
  });

  describe('integrity check', () => {
    it('passes on a busy database', async () => {
      for (const id of ['s1', 's2']) {
        await h.s.sessions.create({ id, userId: 'alice' });
        for (let t = 1; t <= 3; t++) await h.s.turns.record(turn(id, t), [llm(t)]);
      }
      await h.s.sessions.delete('alice', 's2');
      expect(await h.s.database.integrityCheck()).toBe('ok');
    });

    it('reports broken counters, orphaned turns and unknown migrations', async () => {
      await h.s.sessions.create({ id: 's1', userId: 'alice' });
      await h.s.turns.record(turn('s1', 1), [llm(10)]);
      const db = h.s.database.db;
      await db.updateTable('sessions').set({ turn_count: 5 }).execute();
      // An orphan needs the foreign key switched off: per connection in SQLite (outside a
      // transaction), per transaction in PostgreSQL.
      const ghost = (q: Kysely<Tables>) =>
        q
          .insertInto('turns')
          .values(turnRow(turn('ghost', 1)))
          .execute();
      if (h.backend.name === 'sqlite') {
        await sql`pragma foreign_keys = off`.execute(db);
        await ghost(db);
        await sql`pragma foreign_keys = on`.execute(db);
      } else {
        await db.transaction().execute(async (trx) => {
          await sql`set local session_replication_role = replica`.execute(trx);
          await ghost(trx);
        });
      }
      await sql`insert into kysely_migration (name, timestamp) values ('999_future', ${new Date(T0).toISOString()})`.execute(
        db,
      );
      const problems = await h.s.database.integrityCheck();
      expect(problems).not.toBe('ok');
      const text = (problems as string[]).join('\n');
      expect(text).toMatch(/session s1: turn_count 5 but 1 turns/);
      expect(text).toMatch(/foreign key: turns row .* has no sessions row/);
      expect(text).toMatch(/999_future/);
    });
  });
});
