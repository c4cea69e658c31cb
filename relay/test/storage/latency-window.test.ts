// Voice to voice stored with turns, and the latency window, on every backend.
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { describeStorage, MINUTE, turn } from './suite.ts';

describeStorage('latency window', (h) => {
  describe('voice to voice', () => {
    it('is stored with the turn when the client reported it first, or later in its row', async () => {
      await h.s.sessions.create({ id: 's1', userId: 'alice' });
      await h.s.turns.record({
        ...turn('s1', 1),
        timings: { asrFinalMs: 120 },
        voiceToVoiceMs: 812.6,
      });
      await h.s.turns.record({ ...turn('s1', 2), timings: { asrFinalMs: 90 } });
      expect(await h.s.turns.setVoiceToVoice('s1', 2, 640)).toBe(true);
      expect(await h.s.turns.setVoiceToVoice('s1', 3, 640)).toBe(false);
      const turns = (await h.s.sessions.get('alice', 's1'))?.turns;
      expect(turns?.map((t) => t.timings)).toEqual([
        { asrFinalMs: 120, voiceToVoiceMs: 813 },
        { asrFinalMs: 90, voiceToVoiceMs: 640 },
      ]);
    });

    it('survives the migration: turns stored before it keep everything and have none', async () => {
      await h.s.sessions.create({ id: 's1', userId: 'alice' });
      await h.s.turns.record({ ...turn('s1', 1), timings: { llmFirstTokenMs: 210 } });
      await h.s.sessions.end('s1', 'client closed');
      // Back to the schema of 006, its data kept.
      const { db } = h.s.database;
      await sql`drop index sessions_started_idx`.execute(db);
      await sql`alter table turns drop column voice_to_voice_ms`.execute(db);
      await sql`delete from kysely_migration where name > '006_user_preferences_updated_at'`.execute(
        db,
      );
      await h.s.close();
      h.s = await h.open();
      const got = await h.s.sessions.get('alice', 's1');
      expect(got).toMatchObject({ turnCount: 1, closeReason: 'client closed' });
      expect(got?.turns).toMatchObject([
        { turnId: 1, userText: 'question 1', timings: { llmFirstTokenMs: 210 } },
      ]);
      expect(await h.s.database.integrityCheck()).toBe('ok');
    });
  });

  describe('the window', () => {
    it('holds the turns of the latest sessions that had any, open ones included', async () => {
      // Four sessions a minute apart; the third had no turn.
      for (const [i, id] of ['a', 'b', 'c', 'd'].entries()) {
        h.now += MINUTE;
        await h.s.sessions.create({ id, userId: `user-${i}` });
        if (id === 'c') continue;
        await h.s.turns.record({
          ...turn(id, 1),
          timings: { asrFinalMs: 100 * (i + 1), llmFirstTokenMs: 10 },
          providers: { asr: 'pocketsphinx', llm: 'test-llm' },
          voiceToVoiceMs: 1000 * (i + 1),
        });
        // Typed: its "recognition" (the text's arrival) is no recogniser's latency.
        await h.s.turns.record({
          ...turn(id, 2),
          timings: { asrFinalMs: 0.1, llmFirstTokenMs: 20 },
          providers: { llm: 'test-llm' },
        });
        if (id !== 'd') await h.s.sessions.end(id, 'client closed');
      }
      const two = await h.s.latency.recent(2);
      expect(two.sessions).toBe(2);
      // Sessions d and b (c had no turn), their turns newest first.
      expect(two.samples).toEqual([
        { llmFirstTokenMs: 20 },
        { asrFinalMs: 400, llmFirstTokenMs: 10, voiceToVoiceMs: 4000 },
        { llmFirstTokenMs: 20 },
        { asrFinalMs: 200, llmFirstTokenMs: 10, voiceToVoiceMs: 2000 },
      ]);
      expect((await h.s.latency.recent(100)).samples).toHaveLength(6);
      expect((await h.s.latency.recent(100, 3)).samples).toHaveLength(3);
    });

    it('is empty before any turn', async () => {
      await h.s.sessions.create({ id: 's1', userId: 'alice' });
      expect(await h.s.latency.recent(100)).toEqual({ sessions: 0, samples: [] });
    });
  });
});
