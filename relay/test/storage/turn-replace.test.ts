// Issue 65, item 4: a question asked again (`turn.retry`) is stored once — the new turn in the
// old one's place, in the same transaction — on every backend.
import { expect, it } from 'vitest';
import { describeStorage, llm, turn } from './suite.ts';

describeStorage('a turn that replaces another', (h) => {
  it('takes the old turn out and counts once, its money kept in the session', async () => {
    await h.s.sessions.create({ id: 's1', userId: 'alice' });
    await h.s.turns.record(turn('s1', 1, 'hello'), [llm(100)]);
    await h.s.turns.record({ ...turn('s1', 2, 'what is the weather'), status: 'failed' }, [
      llm(200),
    ]);
    const recorded = await h.s.turns.record(turn('s1', 3, 'what is the weather'), [llm(300)], {
      replaces: 2,
    });
    expect(recorded).toEqual({ turnCostMicros: 300, sessionCostMicros: 600, turnCount: 2 });
    const saved = await h.s.sessions.get('alice', 's1');
    expect(saved?.turns.map((t) => [t.turnId, t.userText, t.status])).toEqual([
      [1, 'hello', 'completed'],
      [3, 'what is the weather', 'completed'],
    ]);
    expect(saved?.turnCount).toBe(2);
    // A turn it replaces that was never stored changes no count.
    const again = await h.s.turns.record(turn('s1', 4, 'and tomorrow'), [], { replaces: 9 });
    expect(again.turnCount).toBe(3);
  });
});
