import { describe, expect, it } from 'vitest';
import type { PushSubscriptionBody } from '@parley/shared';
import { ReminderNotifications } from './reminder-notifications.ts';

const P256DH = 'B'.repeat(87);
const AUTH = 'A'.repeat(22);

/** The browser around the page (permission, service worker, push manager) and the relay. */
function browser(options: { pushWorks?: boolean; relayKey?: string | null } = {}) {
  const store = new Map<string, string>();
  const saved: PushSubscriptionBody[] = [];
  const forgotten: string[] = [];
  const shown: { title: string; tag: string }[] = [];
  let permission: NotificationPermission = 'default';
  let answer: NotificationPermission = 'granted';
  let subscription: PushSubscription | null = null;
  let hidden = false;
  const sub = {
    endpoint: 'https://push.example/send/1',
    toJSON: () => ({
      endpoint: 'https://push.example/send/1',
      keys: { p256dh: P256DH, auth: AUTH },
    }),
    unsubscribe: () => {
      subscription = null;
      return Promise.resolve(true);
    },
  } as unknown as PushSubscription;
  const registration = {
    pushManager: {
      getSubscription: () => Promise.resolve(subscription),
      subscribe: () => {
        if (options.pushWorks === false)
          return Promise.reject(new DOMException('push service not available', 'AbortError'));
        subscription = sub;
        return Promise.resolve(sub);
      },
    },
    showNotification: (title: string, o: { tag: string }) => {
      shown.push({ title, tag: o.tag });
      return Promise.resolve();
    },
  } as unknown as ServiceWorkerRegistration;
  const notifications = new ReminderNotifications({
    storage: {
      getItem: (k) => store.get(k) ?? null,
      setItem: (k, v) => store.set(k, v),
    },
    permission: () => permission,
    requestPermission: () => {
      permission = answer;
      return Promise.resolve(answer);
    },
    registration: () => Promise.resolve(registration),
    relay: {
      key: () => Promise.resolve(options.relayKey === undefined ? 'BKey' : options.relayKey),
      save: (s) => {
        saved.push(s);
        return Promise.resolve();
      },
      forget: (e) => {
        forgotten.push(e);
        return Promise.resolve();
      },
    },
    hidden: () => hidden,
    now: () => Date.UTC(2026, 10, 23, 13, 32),
  });
  return {
    notifications,
    saved,
    forgotten,
    shown,
    answer: (a: NotificationPermission) => (answer = a),
    hide: () => (hidden = true),
  };
}

const reminder = { id: 'r1', text: 'stretch', dueAt: Date.UTC(2026, 10, 23, 13, 32) };

describe('reminders as notifications', () => {
  it('are offered once, asked for on the user’s yes, and this browser subscribed with the relay', async () => {
    const b = browser();
    expect(await b.notifications.state()).toEqual({ kind: 'off' });
    expect(b.notifications.offerable()).toBe(true);
    expect(await b.notifications.turnOn()).toEqual({ kind: 'on', pushed: true });
    expect(b.saved).toEqual([
      { endpoint: 'https://push.example/send/1', keys: { p256dh: P256DH, auth: AUTH } },
    ]);
    expect(b.notifications.offerable()).toBe(false);
  });

  it('are on while the page is open when the push service cannot be reached', async () => {
    const b = browser({ pushWorks: false });
    expect(await b.notifications.turnOn()).toEqual({ kind: 'on', pushed: false });
    expect(b.saved).toEqual([]);
  });

  it('say blocked when the user refused the browser’s permission', async () => {
    const b = browser();
    b.answer('denied');
    expect(await b.notifications.turnOn()).toEqual({ kind: 'blocked' });
    expect(b.notifications.offerable()).toBe(false);
  });

  it('are not offered again after Not now', () => {
    const b = browser();
    b.notifications.notNow();
    expect(b.notifications.offerable()).toBe(false);
  });

  it('are turned off: the relay forgets this browser', async () => {
    const b = browser();
    await b.notifications.turnOn();
    expect(await b.notifications.turnOff()).toEqual({ kind: 'off' });
    expect(b.forgotten).toEqual(['https://push.example/send/1']);
  });

  it('show a reminder that rings while the page is out of sight, and only then', async () => {
    const b = browser();
    await b.notifications.ringing(reminder);
    await b.notifications.turnOn();
    await b.notifications.ringing(reminder);
    expect(b.shown).toEqual([]);
    b.hide();
    await b.notifications.ringing(reminder);
    expect(b.shown).toEqual([{ title: 'Reminder: stretch', tag: 'reminder-r1' }]);
    await b.notifications.turnOff();
    await b.notifications.ringing(reminder);
    expect(b.shown).toHaveLength(1);
  });
});
