// Reminders pushed while the app is closed (issue 65), on every backend: each user's browsers
// subscribed to Web Push, and the claim that has one relay of many push a due reminder.
import { describe, expect, it } from 'vitest';
import { MAX_SUBSCRIPTIONS_PER_USER } from '../../src/storage/push-subscriptions.ts';
import { describeStorage, MINUTE, T0 } from './suite.ts';

const sub = (n: number) => ({
  endpoint: `https://push.example/send/${n}`,
  p256dh: `key-${n}`,
  auth: `auth-${n}`,
});

describeStorage('push subscriptions and claims', (h) => {
  describe('subscriptions', () => {
    it('are kept per user, one per browser: the endpoint moves with who subscribed last', async () => {
      await h.s.pushSubscriptions.save('alice', sub(1));
      await h.s.pushSubscriptions.save('alice', { ...sub(1), p256dh: 'new-key' });
      expect(await h.s.pushSubscriptions.forUser('alice')).toEqual([
        { ...sub(1), p256dh: 'new-key' },
      ]);
      // The same browser, signed in as bob now.
      await h.s.pushSubscriptions.save('bob', sub(1));
      expect(await h.s.pushSubscriptions.forUser('alice')).toEqual([]);
      expect(await h.s.pushSubscriptions.forUser('bob')).toEqual([sub(1)]);
    });

    it("are removed by their own user only, and dropped whoever's when the push service says gone", async () => {
      await h.s.pushSubscriptions.save('alice', sub(1));
      await h.s.pushSubscriptions.save('alice', sub(2));
      expect(await h.s.pushSubscriptions.remove('bob', sub(1).endpoint)).toBe(false);
      expect(await h.s.pushSubscriptions.remove('alice', sub(1).endpoint)).toBe(true);
      await h.s.pushSubscriptions.drop(sub(2).endpoint);
      expect(await h.s.pushSubscriptions.forUser('alice')).toEqual([]);
    });

    it(`are at most ${MAX_SUBSCRIPTIONS_PER_USER} a user: the least recently sent goes`, async () => {
      for (let n = 0; n <= MAX_SUBSCRIPTIONS_PER_USER; n++) {
        h.now = T0 + n;
        await h.s.pushSubscriptions.save('alice', sub(n));
      }
      const kept = await h.s.pushSubscriptions.forUser('alice');
      expect(kept).toHaveLength(MAX_SUBSCRIPTIONS_PER_USER);
      expect(kept.map((s) => s.endpoint)).not.toContain(sub(0).endpoint);
      expect(kept[0]).toEqual(sub(MAX_SUBSCRIPTIONS_PER_USER));
    });
  });

  describe('reminders awaiting a push', () => {
    it('are those of subscribed users, neither pushed nor rung, soonest first', async () => {
      await h.s.pushSubscriptions.save('alice', sub(1));
      const later = await h.s.reminders.add('alice', 'call Anna', T0 + 10 * MINUTE);
      const due = await h.s.reminders.add('alice', 'stretch', T0 - MINUTE);
      const rung = await h.s.reminders.add('alice', 'water', T0 - 2 * MINUTE);
      await h.s.reminders.add('bob', 'not subscribed', T0 - MINUTE);
      await h.s.reminders.delivered('alice', rung.id);
      expect(await h.s.reminders.awaitingPush(10)).toEqual([due, later]);
      expect(await h.s.reminders.awaitingPush(1)).toEqual([due]);
      expect(await h.s.reminders.claimPush(due.id)).toBe(true);
      expect(await h.s.reminders.awaitingPush(10)).toEqual([later]);
      // Pushed, it is still pending until a page rings it.
      expect((await h.s.reminders.pending('alice')).map((r) => r.id)).toContain(due.id);
    });

    it('are claimed by one relay of several, and never once rung', async () => {
      await h.s.pushSubscriptions.save('alice', sub(1));
      const r = await h.s.reminders.add('alice', 'stretch', T0);
      const other = await h.open();
      try {
        const claims = await Promise.all([
          h.s.reminders.claimPush(r.id),
          other.reminders.claimPush(r.id),
          h.s.reminders.claimPush(r.id),
        ]);
        expect(claims.filter(Boolean)).toHaveLength(1);
      } finally {
        await other.close();
      }
      const rung = await h.s.reminders.add('alice', 'water', T0);
      await h.s.reminders.delivered('alice', rung.id);
      expect(await h.s.reminders.claimPush(rung.id)).toBe(false);
    });
  });
});
