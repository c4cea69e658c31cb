// Migration 010 on every backend: the dev user's rows move from `local` (an id an identity
// provider could issue) to `dev:local` (one no token may claim).
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { DEV_USER_ID } from '../../src/auth/identity.ts';
import { describeStorage, llm, turn } from './suite.ts';

describeStorage('the dev user’s namespace', (h) => {
  /** What a dev-mode relay before migration 010 stored: a conversation that cost, preferences. */
  async function storedBy(userId: string, sessionId: string) {
    await h.s.sessions.create({ id: sessionId, userId });
    await h.s.turns.record(turn(sessionId, 1), [llm(1_500)]);
    await h.s.usage.append([
      {
        userId,
        sessionId,
        turnId: 1,
        stage: 'tts',
        provider: 'flite',
        units: { characters: 12 },
        costMicros: 500,
      },
    ]);
    await h.s.preferences.put(userId, { persona: 'tutor' });
  }

  /** Back to the schema of 009, the data kept, then opened again (migrating). */
  async function reopenedFrom009() {
    await sql`delete from kysely_migration where name > '009_usage_ledger_day'`.execute(
      h.s.database.db,
    );
    await h.s.close();
    h.s = await h.open();
  }

  it('moves the rows of `local` to dev:local, and leaves other users’ alone', async () => {
    expect(DEV_USER_ID).toBe('dev:local');
    await storedBy('local', 's-dev');
    await storedBy('alice', 's-alice');
    const aliceBefore = await h.s.usage.userDayCost('alice');
    await reopenedFrom009();

    expect((await h.s.sessions.list('local')).sessions).toEqual([]);
    expect(await h.s.sessions.get('local', 's-dev')).toBeNull();
    expect(await h.s.preferences.get('local')).toBeNull();
    expect(await h.s.usage.userDayCost('local')).toBe(0);

    const mine = await h.s.sessions.get(DEV_USER_ID, 's-dev');
    expect(mine?.turns.map((t) => t.userText)).toEqual(['question 1']);
    expect(mine?.costMicros).toBeGreaterThan(0);
    expect(await h.s.preferences.get(DEV_USER_ID)).toMatchObject({
      preferences: { persona: 'tutor' },
    });
    expect(await h.s.usage.userDayCost(DEV_USER_ID)).toBe(aliceBefore);

    expect((await h.s.sessions.list('alice')).sessions.map((s) => s.id)).toEqual(['s-alice']);
    expect(await h.s.usage.userDayCost('alice')).toBe(aliceBefore);
    expect(await h.s.database.integrityCheck()).toBe('ok');
  });

  it('re-runs harmlessly, and never fails the start over preferences already under dev:local', async () => {
    await storedBy('local', 's-dev');
    await h.s.preferences.put(DEV_USER_ID, { persona: 'concise' });
    await reopenedFrom009();
    expect(await h.s.preferences.get('local')).toBeNull();
    expect(await h.s.preferences.get(DEV_USER_ID)).toMatchObject({
      preferences: { persona: 'concise' },
    });
    await reopenedFrom009();
    expect((await h.s.sessions.list(DEV_USER_ID)).sessions.map((s) => s.id)).toEqual(['s-dev']);
  });
});
