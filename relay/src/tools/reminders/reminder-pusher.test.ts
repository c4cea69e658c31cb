import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PushMessage } from '@parley/shared';
import { logger } from '../../log/logger.ts';
import type { PushOutcome } from '../../push/web-push-sender.ts';
import type { PushSubscriptionRecord, Reminder } from '../../storage/index.ts';
import { ReminderPusher } from './reminder-pusher.ts';

const T0 = Date.UTC(2026, 0, 1, 12);
const OPTIONS = { graceMs: 3_000, maxLateMs: 86_400_000, pollMs: 60_000 };

/** The database as the pushers see it (shared by every relay), in memory. */
function database() {
  const reminders: (Reminder & { pushedAt: number | null; rung: boolean })[] = [];
  const subs = new Map<string, PushSubscriptionRecord & { userId: string }>();
  return {
    reminders,
    subs,
    add(id: string, userId: string, dueInMs: number) {
      const now = Date.now();
      reminders.push({
        id,
        userId,
        text: id,
        dueAt: now + dueInMs,
        createdAt: now,
        pushedAt: null,
        rung: false,
      });
    },
    subscribe(userId: string, endpoint: string) {
      subs.set(endpoint, { userId, endpoint, p256dh: 'k', auth: 'a' });
    },
    store: {
      awaitingPush: (limit: number) =>
        Promise.resolve(
          reminders
            .filter((r) => r.pushedAt === null && !r.rung)
            .filter((r) => [...subs.values()].some((s) => s.userId === r.userId))
            .sort((a, b) => a.dueAt - b.dueAt)
            .slice(0, limit),
        ),
      claimPush: (id: string) => {
        const r = reminders.find((x) => x.id === id && x.pushedAt === null && !x.rung);
        if (r) r.pushedAt = Date.now();
        return Promise.resolve(r !== undefined);
      },
    },
    subscriptions: {
      forUser: (userId: string) =>
        Promise.resolve([...subs.values()].filter((s) => s.userId === userId)),
      drop: (endpoint: string) => {
        subs.delete(endpoint);
        return Promise.resolve();
      },
    },
  };
}

/** A relay's pusher on `db`, sending through `answer`; what it sent. */
function relay(db: ReturnType<typeof database>, answer: (endpoint: string) => PushOutcome) {
  const sent: { endpoint: string; message: PushMessage }[] = [];
  const pusher = new ReminderPusher({
    ...OPTIONS,
    reminders: db.store,
    subscriptions: db.subscriptions,
    send: (sub, message) => {
      sent.push({ endpoint: sub.endpoint, message });
      return Promise.resolve(answer(sub.endpoint));
    },
    log: logger('test'),
    now: () => Date.now(),
  });
  return { pusher, sent };
}

const ok = (): PushOutcome => ({ kind: 'sent', status: 201 });

describe('the reminder pusher', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(T0);
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('pushes a reminder no page rang to every browser of its user, once its grace is over', async () => {
    const db = database();
    db.subscribe('alice', 'https://push.example/phone');
    db.subscribe('alice', 'https://push.example/laptop');
    db.subscribe('bob', 'https://push.example/bob');
    db.add('stretch', 'alice', 60_000);
    const { pusher, sent } = relay(db, ok);
    try {
      pusher.start();
      await vi.advanceTimersByTimeAsync(60_000 + 2_999);
      expect(sent).toEqual([]);
      await vi.advanceTimersByTimeAsync(1);
      expect(sent.map((s) => s.endpoint).sort()).toEqual([
        'https://push.example/laptop',
        'https://push.example/phone',
      ]);
      expect(sent[0]?.message).toEqual({
        type: 'reminder',
        reminder: { id: 'stretch', text: 'stretch', dueAt: T0 + 60_000 },
      });
      await vi.advanceTimersByTimeAsync(10 * 60_000);
      expect(sent).toHaveLength(2);
    } finally {
      pusher.stop();
    }
  });

  it('leaves a reminder a page rang within its grace', async () => {
    const db = database();
    db.subscribe('alice', 'https://push.example/phone');
    db.add('stretch', 'alice', 1_000);
    const { pusher, sent } = relay(db, ok);
    try {
      pusher.start();
      await vi.advanceTimersByTimeAsync(2_000);
      // The open page said it rang it.
      const r = db.reminders[0];
      if (r) r.rung = true;
      await vi.advanceTimersByTimeAsync(10 * 60_000);
      expect(sent).toEqual([]);
    } finally {
      pusher.stop();
    }
  });

  it('of two relays, one pushes', async () => {
    const db = database();
    db.subscribe('alice', 'https://push.example/phone');
    db.add('stretch', 'alice', 1_000);
    const a = relay(db, ok);
    const b = relay(db, ok);
    try {
      a.pusher.start();
      b.pusher.start();
      await vi.advanceTimersByTimeAsync(10_000);
      expect(a.sent.length + b.sent.length).toBe(1);
    } finally {
      a.pusher.stop();
      b.pusher.stop();
    }
  });

  it('forgets a browser the push service says is gone (410), keeps one that failed (500)', async () => {
    const db = database();
    db.subscribe('alice', 'https://push.example/gone');
    db.subscribe('alice', 'https://push.example/busy');
    db.add('stretch', 'alice', 0);
    const { pusher, sent } = relay(db, (endpoint) =>
      endpoint.endsWith('gone') ? { kind: 'gone', status: 410 } : { kind: 'refused', status: 500 },
    );
    try {
      pusher.start();
      await vi.advanceTimersByTimeAsync(5_000);
      expect(sent).toHaveLength(2);
      expect([...db.subs.keys()]).toEqual(['https://push.example/busy']);
    } finally {
      pusher.stop();
    }
  });

  it('wakes for a reminder set here sooner than it slept, and finds one set elsewhere at its poll', async () => {
    const db = database();
    db.subscribe('alice', 'https://push.example/phone');
    const { pusher, sent } = relay(db, ok);
    try {
      pusher.start();
      await vi.advanceTimersByTimeAsync(1_000);
      db.add('here', 'alice', 5_000);
      await pusher.wake();
      await vi.advanceTimersByTimeAsync(8_000);
      expect(sent.map((s) => s.message.reminder.id)).toEqual(['here']);
      // Set on another relay: this one is not told, and finds it when it next reads.
      db.add('elsewhere', 'alice', 1_000);
      await vi.advanceTimersByTimeAsync(OPTIONS.pollMs);
      expect(sent.map((s) => s.message.reminder.id)).toEqual(['here', 'elsewhere']);
    } finally {
      pusher.stop();
    }
  });

  it('does not push what came due days ago (a relay that was down), nor reads it again', async () => {
    const db = database();
    db.subscribe('alice', 'https://push.example/phone');
    db.add('old', 'alice', -2 * 86_400_000);
    const { pusher, sent } = relay(db, ok);
    try {
      pusher.start();
      await vi.advanceTimersByTimeAsync(1_000);
      expect(sent).toEqual([]);
      expect(db.reminders[0]?.pushedAt).toBe(T0);
    } finally {
      pusher.stop();
    }
  });
});
