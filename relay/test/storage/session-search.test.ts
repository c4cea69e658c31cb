// Searching a user's history (GET /api/sessions?q=) on every backend: title and words, any case,
// wildcards taken literally, paged like the list, never another user's.
import { describe, expect, it } from 'vitest';
import { containsPattern } from '../../src/storage/session-search.ts';
import { describeStorage, MINUTE, T0, type Harness } from './suite.ts';

/** A session of `userId` started at minute `minute`, with one turn per `[question, answer]`. */
async function conversation(
  h: Harness,
  id: string,
  minute: number,
  turns: [string, string][],
  userId = 'alice',
): Promise<void> {
  h.now = T0 + minute * MINUTE;
  await h.s.sessions.create({ id, userId });
  for (const [i, [userText, assistantText]] of turns.entries())
    await h.s.turns.record({
      sessionId: id,
      turnId: i + 1,
      userText,
      assistantText,
      status: 'completed',
    });
}

const ids = async (h: Harness, containing: string, limit = 20) =>
  (await h.s.sessions.list('alice', { limit, containing })).sessions.map((s) => s.id);

describe('containsPattern', () => {
  it('matches the text anywhere, lower-cased, its wildcards and escape taken literally', () => {
    expect(containsPattern('Weather')).toBe('%weather%');
    expect(containsPattern('50%_off\\')).toBe('%50\\%\\_off\\\\%');
  });
});

describeStorage('history search', (h) => {
  it('finds conversations by their title or by anyone’s words, whatever the case', async () => {
    await conversation(h, 'paris', 1, [['What is the weather in Paris', 'Sunny, 24 degrees.']]);
    await conversation(h, 'table', 2, [
      ['book a table for two', 'Done.'],
      ['and tomorrow', 'The WEATHER looks fine for it.'],
    ]);
    await conversation(h, 'trip', 3, [['hello', 'Hi!']]);
    await h.s.sessions.rename('alice', 'trip', 'Holiday plans');
    await conversation(h, 'bob', 4, [['weather please', 'Rain.']], 'bob');

    expect(await ids(h, 'weather')).toEqual(['table', 'paris']);
    expect(await ids(h, 'holiday')).toEqual(['trip']);
    expect(await ids(h, 'SUNNY')).toEqual(['paris']);
    expect(await ids(h, 'nothing like it')).toEqual([]);
    // The summaries are the list's own: turn counts and titles.
    const [table] = (await h.s.sessions.list('alice', { containing: 'tomorrow' })).sessions;
    expect(table).toMatchObject({ id: 'table', turnCount: 2, title: 'book a table for two' });
  });

  it('takes % and _ as the characters they are', async () => {
    await conversation(h, 'percent', 1, [['is it 50% off', 'Yes.']]);
    await conversation(h, 'digits', 2, [['is it 500 off', 'No.']]);
    await conversation(h, 'under', 3, [['my_name', 'Noted.']]);
    expect(await ids(h, '50%')).toEqual(['percent']);
    expect(await ids(h, 'y_n')).toEqual(['under']);
    expect(await ids(h, 'y n')).toEqual([]);
  });

  it('pages through the matches only, newest first', async () => {
    for (let i = 1; i <= 5; i++)
      await conversation(h, `s${i}`, i, [[i % 2 === 1 ? `odd ${i}` : `even ${i}`, 'ok']]);
    const pages: string[][] = [];
    let before: number | undefined;
    for (;;) {
      const page = await h.s.sessions.list('alice', {
        limit: 2,
        containing: 'odd',
        ...(before === undefined ? {} : { before }),
      });
      pages.push(page.sessions.map((s) => s.id));
      if (page.nextBefore === null) break;
      before = page.nextBefore;
    }
    expect(pages).toEqual([['s5', 's3'], ['s1']]);
  });
});
