// What the built-in tools keep for each user (issue 48), on every backend: reminders pending
// until a page rang them, notes searched whatever the case — each user's alone.
import { describe, expect, it } from 'vitest';
import { describeStorage, MINUTE, T0 } from './suite.ts';

describeStorage('reminders and notes', (h) => {
  describe('reminders', () => {
    it('are pending soonest first until delivered, and delivered once', async () => {
      const later = await h.s.reminders.add('alice', 'call Anna', T0 + 10 * MINUTE);
      const sooner = await h.s.reminders.add('alice', 'stretch', T0 + MINUTE);
      expect(later).toMatchObject({ userId: 'alice', text: 'call Anna', createdAt: T0 });
      expect((await h.s.reminders.pending('alice')).map((r) => r.text)).toEqual([
        'stretch',
        'call Anna',
      ]);
      h.now = T0 + 2 * MINUTE;
      expect(await h.s.reminders.delivered('alice', sooner.id)).toBe(true);
      expect(await h.s.reminders.delivered('alice', sooner.id)).toBe(false);
      expect(await h.s.reminders.pending('alice')).toEqual([later]);
      const row = await h.s.database.db
        .selectFrom('reminders')
        .select('delivered_at')
        .where('id', '=', sooner.id)
        .executeTakeFirstOrThrow();
      expect(row.delivered_at).toBe(T0 + 2 * MINUTE);
    });

    it('are cancelled, listed and delivered by their own user only', async () => {
      const mine = await h.s.reminders.add('alice', 'stretch', T0 + MINUTE);
      expect(await h.s.reminders.pending('bob')).toEqual([]);
      expect(await h.s.reminders.cancel('bob', mine.id)).toBe(false);
      expect(await h.s.reminders.delivered('bob', mine.id)).toBe(false);
      expect(await h.s.reminders.pending('alice')).toEqual([mine]);
      expect(await h.s.reminders.cancel('alice', mine.id)).toBe(true);
      expect(await h.s.reminders.cancel('alice', mine.id)).toBe(false);
      expect(await h.s.reminders.pending('alice')).toEqual([]);
    });
  });

  describe('notes', () => {
    it('are listed newest first, found whatever the case, counted and deleted', async () => {
      const sister = await h.s.notes.add('alice', "My sister's name is Anna");
      h.now = T0 + 1;
      const wifi = await h.s.notes.add('alice', 'The wifi password is 100%_secret');
      expect(await h.s.notes.list('alice')).toEqual([wifi, sister]);
      expect(await h.s.notes.list('alice', 'SISTER')).toEqual([sister]);
      // LIKE's own wildcards are taken literally.
      expect(await h.s.notes.list('alice', '%_')).toEqual([wifi]);
      expect(await h.s.notes.list('alice', '_')).toEqual([wifi]);
      expect(await h.s.notes.list('alice', '  ')).toEqual([wifi, sister]);
      expect(await h.s.notes.count('alice')).toBe(2);
      expect(await h.s.notes.delete('alice', sister.id)).toBe(true);
      expect(await h.s.notes.list('alice')).toEqual([wifi]);
    });

    it("are never another user's", async () => {
      const note = await h.s.notes.add('alice', "My sister's name is Anna");
      expect(await h.s.notes.list('bob')).toEqual([]);
      expect(await h.s.notes.list('bob', 'Anna')).toEqual([]);
      expect(await h.s.notes.count('bob')).toBe(0);
      expect(await h.s.notes.delete('bob', note.id)).toBe(false);
      expect(await h.s.notes.list('alice')).toEqual([note]);
    });
  });
});
