// Each session's summary, stored when it ends, on every backend.
import { sql } from 'kysely';
import { expect, it } from 'vitest';
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
});
