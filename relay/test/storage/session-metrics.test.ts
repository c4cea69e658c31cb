// Each session's summary, stored when it ends, on every backend.
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { describeStorage, MINUTE, turn } from './suite.ts';

const none = { count: 0, avgMs: null, minMs: null, maxMs: null };

describeStorage('session summaries', (h) => {
  /** Three turns: a spoken one, a typed one, and a failed one the user cut short. */
  async function conversation(id: string) {
    await h.s.sessions.create({ id, userId: 'alice' });
    await h.s.turns.record({
      ...turn(id, 1),
      timings: { asrFinalMs: 200, llmFirstTokenMs: 100, ttsFirstAudioMs: 50 },
      providers: { asr: 'pocketsphinx', llm: 'test-llm', tts: 'flite' },
      voiceToVoiceMs: 900,
    });
    await h.s.turns.record({
      ...turn(id, 2),
      timings: { asrFinalMs: 0.1, llmFirstTokenMs: 300 },
      providers: { llm: 'test-llm', tts: 'flite' },
    });
    await h.s.turns.record({ ...turn(id, 3), status: 'failed', timings: {} });
    await h.s.turns.setVoiceToVoice(id, 2, 700);
    await h.s.turns.markInterrupted(id, 3, '');
  }

  it('is stored when the session ends: turns, errors, barge-ins, voice to voice, stages', async () => {
    await conversation('s1');
    expect((await h.s.sessions.list('alice')).sessions[0]?.metrics).toBeNull();
    h.now += 5 * MINUTE;
    expect(await h.s.sessions.end('s1', 'client closed')).toBe(true);
    const [listed] = (await h.s.sessions.list('alice')).sessions;
    expect(listed).toMatchObject({ durationMs: 5 * MINUTE, turnCount: 3 });
    expect(listed?.metrics).toEqual({
      turns: 3,
      completed: 2,
      failed: 1,
      bargeIns: 1,
      voiceToVoiceMs: { count: 2, avgMs: 800, minMs: 700, maxMs: 900 },
      stages: {
        // The typed turn's text arrival is no recognition.
        asrFinalMs: { count: 1, avgMs: 200, minMs: 200, maxMs: 200 },
        llmFirstTokenMs: { count: 2, avgMs: 200, minMs: 100, maxMs: 300 },
        ttsFirstAudioMs: { count: 1, avgMs: 50, minMs: 50, maxMs: 50 },
        relayFirstAudioMs: none,
      },
    });
    expect((await h.s.sessions.get('alice', 's1'))?.metrics).toEqual(listed?.metrics);
  });

  it('goes while a resumed session is open again, and comes back with its new turns', async () => {
    await conversation('s1');
    await h.s.sessions.end('s1', 'client closed');
    await h.s.sessions.reopen('s1');
    expect((await h.s.sessions.get('alice', 's1'))?.metrics).toBeNull();
    await h.s.turns.record(turn('s1', 4));
    await h.s.sessions.end('s1', 'client closed');
    expect((await h.s.sessions.get('alice', 's1'))?.metrics).toMatchObject({
      turns: 4,
      completed: 3,
    });
  });

  it('is stored for sessions a dead relay left open, when the sweep ends them', async () => {
    await conversation('s1');
    await h.s.sessions.create({ id: 's2', userId: 'bob' });
    h.now += MINUTE;
    expect((await h.s.sessions.endStale({ idleMs: 0, reason: 'relay-restart' })).sort()).toEqual([
      's1',
      's2',
    ]);
    expect((await h.s.sessions.get('alice', 's1'))?.metrics).toMatchObject({
      turns: 3,
      failed: 1,
    });
    expect((await h.s.sessions.get('bob', 's2'))?.metrics).toMatchObject({
      turns: 0,
      voiceToVoiceMs: none,
    });
  });

  it('does not keep a session with an unreadable turn from ending', async () => {
    await conversation('s1');
    await h.s.database.db
      .updateTable('turns')
      .set({ timings: 'not json' })
      .where('turn_id', '=', 1)
      .execute();
    expect(await h.s.sessions.end('s1', 'client closed')).toBe(true);
    const m = (await h.s.sessions.list('alice')).sessions[0]?.metrics;
    expect(m).toMatchObject({ turns: 3, voiceToVoiceMs: { count: 1, maxMs: 700 } });
  });

  it('survives the migration: sessions ended before it keep everything, with none', async () => {
    await conversation('s1');
    await h.s.sessions.end('s1', 'client closed');
    await conversation('s2');
    // Back to the schema of 007, the data kept.
    const { db } = h.s.database;
    await sql`drop index sessions_ended_idx`.execute(db);
    await sql`alter table sessions drop column metrics`.execute(db);
    await sql`delete from kysely_migration where name > '007_turns_voice_to_voice'`.execute(db);
    await h.s.close();
    h.s = await h.open();
    const before = await h.s.sessions.get('alice', 's1');
    expect(before).toMatchObject({ closeReason: 'client closed', turnCount: 3, metrics: null });
    expect(before?.turns.map((t) => t.timings.voiceToVoiceMs)).toEqual([900, 700, undefined]);
    // A session open across the upgrade gets its summary when it ends.
    await h.s.sessions.end('s2', 'client closed');
    expect((await h.s.sessions.get('alice', 's2'))?.metrics?.turns).toBe(3);
    expect(await h.s.database.integrityCheck()).toBe('ok');
  });

  describe('for admins', () => {
    /** Sessions s0…s4 ending a minute apart, s2 and s3 in the same millisecond; s5 open. */
    async function ended() {
      for (let i = 0; i < 6; i++) {
        await h.s.sessions.create({ id: `s${i}`, userId: `user-${i % 2}` });
        await h.s.turns.record(turn(`s${i}`, 1));
      }
      for (let i = 0; i < 5; i++) {
        if (i !== 3) h.now += MINUTE;
        await h.s.sessions.end(`s${i}`, 'client closed');
      }
    }

    it('pages through the sessions that ended in a range, in the order they ended', async () => {
      await ended();
      const all = { fromMs: 0, toMs: h.now + 1 };
      const first = await h.s.sessionMetrics.page(all, null, 3);
      expect(first.map((l) => l.sessionId)).toEqual(['s0', 's1', 's2']);
      const last = first.at(-1);
      const cursor = { endedAt: last?.endedAt ?? 0, sessionId: last?.sessionId ?? '' };
      // s3 ended in the same millisecond as s2: the cursor does not skip it.
      const second = await h.s.sessionMetrics.page(all, cursor, 3);
      expect(second.map((l) => l.sessionId)).toEqual(['s3', 's4']);
      expect(second[0]?.metrics).toMatchObject({ turns: 1, completed: 1 });
      expect({ ...second[0], metrics: null }).toEqual({
        sessionId: 's3',
        userId: 'user-1',
        startedAt: first[0]?.startedAt,
        endedAt: last?.endedAt,
        durationMs: 3 * MINUTE,
        closeReason: 'client closed',
        costMicros: 0,
        turnCount: 1,
        metrics: null,
      });
      // From inclusive, to exclusive.
      const range = { fromMs: cursor.endedAt, toMs: cursor.endedAt + MINUTE };
      expect((await h.s.sessionMetrics.page(range, null, 10)).map((l) => l.sessionId)).toEqual([
        's2',
        's3',
      ]);
    });

    it('lists the sessions that ended last, newest first', async () => {
      await ended();
      expect((await h.s.sessionMetrics.latest(3)).map((l) => l.sessionId)).toEqual([
        's4',
        's3',
        's2',
      ]);
    });
  });
});
