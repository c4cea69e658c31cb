import type { BrowserContext, Page } from '@playwright/test';
import { pushMessage } from '../shared/src/index.ts';
import { startFakePushService, type FakePushService } from '../relay/test/fakes/push-service.ts';
import { expect, test } from './mic-test.ts';
import { specPort } from './ports.ts';
import { E2eRelay } from './relay-process.ts';

// Issue 65, item 6, in Chromium: reminders ring when Parley is in the background or closed.
// After the first reminder is set the page offers notifications; "Turn on" subscribes this
// browser and hands the subscription to the relay; with the page closed, the relay pushes the
// due reminder through a push service of our own on loopback (which verifies the VAPID token
// and decrypts it); the service worker shows that push as a notification. A reminder the app
// shows late says when it was due.
//
// What Chromium here cannot do, and what stands in: `pushManager.subscribe` fails in a
// Playwright context ("Registration failed - permission denied": push is refused in its
// incognito-like profiles) and never settles in a persistent profile (no push service is
// reachable offline). The page's PushManager is given, before the app's scripts, a
// subscription on the loopback push service with keys the test made — the browser's own link
// to its push service is all it replaces. The push then reaches the service worker as
// Chromium delivers one, by CDP (`ServiceWorker.deliverPushMessage`), carrying what the
// loopback push service decrypted.

test.use({ timezoneId: 'Europe/Amsterdam' });

/** Types `text` and waits for the reply after those already shown to match `answer`. */
async function say(page: Page, text: string, answer: RegExp | string): Promise<void> {
  const replies = page.getByTestId('assistant-utterance');
  const before = await replies.count();
  await page.getByTestId('text-input').fill(text);
  await page.getByTestId('text-send').click();
  await expect(replies.nth(before)).toHaveText(answer);
}

/**
 * The pages' PushManager subscribes to `sub` (see the note above), and keeps it across the
 * context's pages as the browser does.
 */
async function pushManagerOn(
  context: BrowserContext,
  sub: { endpoint: string; p256dh: string; auth: string },
) {
  await context.addInitScript((s) => {
    const KEY = 'test.pushSubscribed';
    const made = {
      endpoint: s.endpoint,
      expirationTime: null,
      toJSON: () => ({ endpoint: s.endpoint, keys: { p256dh: s.p256dh, auth: s.auth } }),
      unsubscribe: () => {
        localStorage.removeItem(KEY);
        return Promise.resolve(true);
      },
    } as unknown as PushSubscription;
    PushManager.prototype.subscribe = () => {
      localStorage.setItem(KEY, '1');
      return Promise.resolve(made);
    };
    PushManager.prototype.getSubscription = () =>
      Promise.resolve(localStorage.getItem(KEY) === '1' ? made : null);
  }, sub);
}

/** Delivers `data` to the app's service worker as a push, as Chromium does (CDP). */
async function deliverPush(context: BrowserContext, origin: string, data: string): Promise<void> {
  // A blank tab is no window of the app: the worker sees the app closed.
  const tab = await context.newPage();
  const cdp = await context.newCDPSession(tab);
  const registrations: { registrationId: string; scopeURL: string }[] = [];
  cdp.on('ServiceWorker.workerRegistrationUpdated', (e) => registrations.push(...e.registrations));
  await cdp.send('ServiceWorker.enable');
  await expect.poll(() => registrations.some((r) => r.scopeURL.startsWith(origin))).toBe(true);
  const registration = registrations.find((r) => r.scopeURL.startsWith(origin));
  await cdp.send('ServiceWorker.deliverPushMessage', {
    origin,
    registrationId: registration?.registrationId ?? '',
    data,
  });
  await cdp.detach();
  await tab.close();
}

/** The notifications the app's service worker shows, read from a page of the app. */
function shownNotifications(page: Page) {
  return page.evaluate(async () =>
    (await (await navigator.serviceWorker.ready).getNotifications()).map((n) => ({
      title: n.title,
      body: n.body,
      tag: n.tag,
    })),
  );
}

test.describe('reminders in the background', () => {
  let push: FakePushService;
  let relay: E2eRelay;
  test.beforeEach(async ({ context }) => {
    push = await startFakePushService();
    relay = new E2eRelay(specPort(89), { env: { PUSH_SERVICES: push.url } });
    await relay.start();
    await context.grantPermissions(['notifications'], { origin: relay.url });
  });
  test.afterEach(async () => {
    await relay.kill();
    await push.close();
  });

  test('turned on after the first reminder, a reminder due with Parley closed is pushed and shown as a notification', async ({
    page,
    context,
  }) => {
    const browserSub = push.subscribe();
    await pushManagerOn(context, {
      endpoint: browserSub.endpoint,
      p256dh: browserSub.body.keys.p256dh,
      auth: browserSub.body.keys.auth,
    });
    await page.goto(relay.url);
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    // Nothing is offered, nor asked, on load.
    await expect(page.getByTestId('notification-offer')).toHaveCount(0);
    await say(page, 'remind me in 4 seconds to stretch', /^Shall I remind you in 4 seconds/);
    await say(page, 'yes', /^OK, I'll remind you at .* to stretch\.$/);

    const offer = page.getByTestId('notification-offer');
    await expect(offer).toContainText('even when it is in the background or closed');
    const saved = page.waitForRequest(
      (r) => r.method() === 'PUT' && r.url().endsWith('/api/push/subscription'),
    );
    await offer.getByRole('button', { name: 'Turn on notifications' }).click();
    const put = await saved;
    expect(put.postDataJSON()).toEqual({
      endpoint: browserSub.endpoint,
      keys: browserSub.body.keys,
    });
    expect((await put.response())?.status()).toBe(204);
    await expect(offer).toContainText('whether Parley is in the background or closed');

    // Parley closed before the reminder is due: the relay pushes it.
    await page.close();
    await expect.poll(() => push.delivered.length, { timeout: 15_000 }).toBe(1);
    const [delivered] = push.delivered;
    expect(delivered?.endpoint).toBe(browserSub.endpoint);
    expect(push.refused).toEqual([]);
    const message = pushMessage.parse(JSON.parse(delivered?.text ?? ''));
    expect(message.reminder.text).toBe('stretch');

    await deliverPush(context, relay.url, delivered?.text ?? '');
    const later = await context.newPage();
    await later.goto(relay.url);
    await expect
      .poll(() => shownNotifications(later))
      .toEqual([
        { title: 'Reminder: stretch', body: 'Parley', tag: `reminder-${message.reminder.id}` },
      ]);
  });

  test('a push that arrives late says when it was due; Settings turns notifications off, and the relay forgets this browser', async ({
    page,
    context,
  }) => {
    const browserSub = push.subscribe();
    await pushManagerOn(context, {
      endpoint: browserSub.endpoint,
      p256dh: browserSub.body.keys.p256dh,
      auth: browserSub.body.keys.auth,
    });
    await page.goto(relay.url);
    await page.getByTestId('settings-button').click();
    const toggle = page.getByTestId('reminder-notifications');
    await expect(toggle).not.toBeChecked();
    const saved = page.waitForResponse(
      (r) => r.request().method() === 'PUT' && r.url().endsWith('/api/push/subscription'),
    );
    // On once the browser said yes and the relay has the subscription: a click, then a wait.
    await toggle.click();
    expect((await saved).status()).toBe(204);
    await expect(toggle).toBeChecked();
    await expect(page.getByTestId('reminder-notifications-hint')).toContainText(
      'whether Parley is in the background or closed',
    );

    // Due an hour before it reached the browser (a phone that was off).
    const dueAt = Date.now() - 3_600_000;
    const late = JSON.stringify({
      type: 'reminder',
      reminder: { id: 'r-late', text: 'call Anna', dueAt },
    });
    // In the system's zone: Playwright's timezoneId reaches pages, not service workers (on a
    // device the two are the same, the user's).
    const clock = new Date(dueAt).toLocaleTimeString('en-US', {
      hour: 'numeric',
      minute: '2-digit',
    });
    // Between midnight and one, an hour ago was yesterday: the note then says the day (CI of
    // 2026-11-29 00:26 expected "due at 11:26 PM" and was shown the day too).
    const sameDay = new Date(dueAt).toDateString() === new Date().toDateString();
    const day = new Date(dueAt).toLocaleDateString('en-US', {
      weekday: 'short',
      month: 'short',
      day: 'numeric',
    });
    const due = sameDay ? `at ${clock}` : `${day}, ${clock}`;
    await page.close();
    await deliverPush(context, relay.url, late);
    const again = await context.newPage();
    await again.goto(relay.url);
    await expect
      .poll(() => shownNotifications(again))
      .toEqual([
        { title: 'Reminder: call Anna', body: `(late: due ${due})`, tag: 'reminder-r-late' },
      ]);

    await again.getByTestId('settings-button').click();
    const forgotten = again.waitForRequest(
      (r) => r.method() === 'DELETE' && r.url().endsWith('/api/push/subscription'),
    );
    await again.getByTestId('reminder-notifications').click();
    const del = await forgotten;
    expect(del.postDataJSON()).toEqual({ endpoint: browserSub.endpoint });
    expect((await del.response())?.status()).toBe(204);
    await expect(again.getByTestId('reminder-notifications-hint')).toContainText('Off');
    await expect(again.getByTestId('reminder-notifications')).not.toBeChecked();
  });

  test('a reminder that came due while Parley was closed says it is late when the app shows it', async ({
    page,
    context,
  }) => {
    await page.goto(relay.url);
    await say(page, 'remind me in 2 seconds to drink water', /^Shall I remind you in 2 seconds/);
    await say(page, 'yes', /^OK, I'll remind you at .* to drink water\.$/);
    const [pending] = (
      (await (await page.request.get(`${relay.url}/api/reminders`)).json()) as {
        reminders: { dueAt: number }[];
      }
    ).reminders;
    await page.close();

    // Opened again five minutes on.
    const back = await context.newPage();
    await back.clock.install({ time: Date.now() + 5 * 60_000 });
    await back.goto(relay.url);
    await say(back, 'what time is it', /^It's /);
    const clock = new Date(pending?.dueAt ?? 0).toLocaleTimeString('en-US', {
      hour: 'numeric',
      minute: '2-digit',
      timeZone: 'Europe/Amsterdam',
    });
    await expect(back.getByTestId('reminder-notice')).toContainText(
      `Reminder: drink water (late: due at ${clock})`,
    );
  });
});
