import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pushConfigResponse, pushMessage } from '@parley/shared';
import { VAPID_KEY_FILE } from '../src/storage/private-files.ts';
import { TalkClient } from '../src/talk/client.ts';
import { startFakePushService, type FakePushService } from './fakes/push-service.ts';
import { startTestRelay, type TestRelay } from './harness.ts';
import { JWT_RELAY, ORIGIN, token, userFetch } from './jwt-kit.ts';

// Issue 65, item 6: a reminder that comes due while the app is closed is pushed to the user's
// browsers (Web Push, RFC 8030) — encrypted for each browser (RFC 8291), signed with the
// relay's VAPID key (RFC 8292) — through a push service of our own on loopback that verifies
// and decrypts what it takes; a subscription the push service says is gone is forgotten.

describe('reminders pushed while the app is closed', () => {
  let push: FakePushService;
  let relay: TestRelay;
  let dataDir: string;
  const env = () => ({
    ...JWT_RELAY,
    NEW_SESSIONS_PER_MINUTE: '100',
    PUSH_SERVICES: push.url,
    DATA_DIR: dataDir,
  });
  beforeAll(async () => {
    push = await startFakePushService();
    dataDir = mkdtempSync(join(tmpdir(), 'parley-push-'));
    relay = await startTestRelay(env());
  });
  afterAll(async () => {
    await relay.close();
    await push.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const api = (user: string, path: string, init: RequestInit = {}) =>
    userFetch(relay.url, user, path, init);

  /** A browser of `user` subscribed, as the page does it. */
  async function subscribe(user: string) {
    const sub = push.subscribe();
    const res = await api(user, '/api/push/subscription', {
      method: 'PUT',
      body: JSON.stringify(sub.body),
    });
    expect(res.status).toBe(204);
    return sub;
  }

  const pushesTo = (endpoint: string) =>
    push.delivered
      .filter((d) => d.endpoint === endpoint)
      .map((d) => pushMessage.parse(JSON.parse(d.text)));

  it('gives pages the public VAPID key only, from a pair generated once into the data folder', async () => {
    const { publicKey } = pushConfigResponse.parse(await (await api('alice', '/api/push')).json());
    expect(Buffer.from(publicKey ?? '', 'base64url')).toHaveLength(65);
    expect(statSync(join(dataDir, VAPID_KEY_FILE)).mode & 0o777).toBe(0o600);
    // Anonymous callers get nothing.
    expect((await fetch(`${relay.url}/api/push`, { headers: { Origin: ORIGIN } })).status).toBe(
      401,
    );
  });

  it('pushes a reminder that came due with the page closed: once, encrypted, VAPID-signed', async () => {
    const sub = await subscribe('carol');
    const page = await TalkClient.connect(relay.wsUrl, {
      token: await token('carol'),
      origin: ORIGIN,
      timeZone: 'UTC',
    });
    page.send({
      type: 'user.text',
      turnId: 1,
      text: 'remind me in 1 second to stretch',
      speak: false,
    });
    await page.waitForTurn(1);
    page.send({ type: 'user.text', turnId: 2, text: 'yes', speak: false });
    expect((await page.waitForTurn(2)).replyText).toMatch(
      /^OK, I'll remind you at .* to stretch\.$/,
    );
    // The app is closed before it comes due.
    page.close();
    await page.closed();

    await expect.poll(() => pushesTo(sub.endpoint), { timeout: 10_000 }).toHaveLength(1);
    const [message] = pushesTo(sub.endpoint);
    const [pending] = (await relay.storage.reminders.pending('carol')).map((r) => ({
      id: r.id,
      text: r.text,
      dueAt: r.dueAt,
    }));
    expect(message).toEqual({ type: 'reminder', reminder: pending });
    const delivered = push.delivered.find((d) => d.endpoint === sub.endpoint);
    const { publicKey } = pushConfigResponse.parse(await (await api('carol', '/api/push')).json());
    expect(delivered?.vapidKey).toBe(publicKey);
    expect(delivered?.claims.aud).toBe(new URL(push.url).origin);
    expect(delivered?.urgency).toBe('high');
    expect(Number(delivered?.ttl)).toBeGreaterThan(0);
    expect(push.refused).toEqual([]);

    // Still pending: the app, opened, rings it (late) and says so.
    const back = await TalkClient.connect(relay.wsUrl, {
      token: await token('carol'),
      origin: ORIGIN,
      timeZone: 'UTC',
    });
    const due = () => back.received.flatMap((m) => (m.type === 'reminder.due' ? [m.reminder] : []));
    await expect.poll(due).toEqual([pending]);
    back.close();
  });

  it('does not push a reminder the open page rang on time', async () => {
    const sub = await subscribe('dave');
    const page = await TalkClient.connect(relay.wsUrl, {
      token: await token('dave'),
      origin: ORIGIN,
      timeZone: 'UTC',
    });
    page.send({
      type: 'user.text',
      turnId: 1,
      text: 'remind me in 1 second to drink water',
      speak: false,
    });
    await page.waitForTurn(1);
    page.send({ type: 'user.text', turnId: 2, text: 'yes', speak: false });
    await page.waitForTurn(2);
    const due = () => page.received.flatMap((m) => (m.type === 'reminder.due' ? [m.reminder] : []));
    await expect.poll(() => due().length, { timeout: 5_000 }).toBe(1);
    // The page rings it, and says so.
    page.send({ type: 'reminder.rang', id: due()[0]?.id ?? '' });
    await expect.poll(() => relay.storage.reminders.pending('dave')).toEqual([]);
    // One due after it, with the page closed, is pushed past its grace — after the first's
    // would have gone: only that one is.
    page.close();
    const marker = await relay.storage.reminders.add('dave', 'marker', Date.now() + 1_000);
    await subscribe('dave-wakes-the-clock');
    await expect
      .poll(() => pushesTo(sub.endpoint).map((m) => m.reminder.id), { timeout: 10_000 })
      .toEqual([marker.id]);
  });

  it('forgets a subscription the push service says is gone (410)', async () => {
    const gone = await subscribe('erin');
    const kept = await subscribe('erin');
    push.gone.add(gone.endpoint);
    await relay.storage.reminders.add('erin', 'call Anna', Date.now() - 5_000);
    // A browser subscribing wakes the push clock: what is due goes now.
    await subscribe('frank');
    await expect.poll(() => pushesTo(kept.endpoint), { timeout: 10_000 }).toHaveLength(1);
    await expect
      .poll(async () =>
        (await relay.storage.pushSubscriptions.forUser('erin')).map((s) => s.endpoint),
      )
      .toEqual([kept.endpoint]);
    expect(push.refused).toEqual([
      { endpoint: gone.endpoint, status: 410, why: 'subscription expired' },
    ]);
  });

  it('keeps only subscriptions on the push services it sends to, and each user’s own', async () => {
    const sub = push.subscribe();
    const elsewhere = { ...sub.body, endpoint: 'http://127.0.0.1:6379/push/1' };
    const refused = await api('gina', '/api/push/subscription', {
      method: 'PUT',
      body: JSON.stringify(elsewhere),
    });
    expect(refused.status).toBe(403);
    expect(await relay.storage.pushSubscriptions.forUser('gina')).toEqual([]);
    const mine = await subscribe('gina');
    const del = (user: string) =>
      api(user, '/api/push/subscription', {
        method: 'DELETE',
        body: JSON.stringify({ endpoint: mine.endpoint }),
      });
    expect((await del('harry')).status).toBe(404);
    expect(await relay.storage.pushSubscriptions.forUser('gina')).toHaveLength(1);
    expect((await del('gina')).status).toBe(204);
    expect(await relay.storage.pushSubscriptions.forUser('gina')).toEqual([]);
  });

  it('signs with the same key after a restart (subscribed browsers keep working)', async () => {
    const before = pushConfigResponse.parse(await (await api('alice', '/api/push')).json());
    await relay.close();
    relay = await startTestRelay(env());
    const after = pushConfigResponse.parse(await (await api('alice', '/api/push')).json());
    expect(after.publicKey).toBe(before.publicKey);
  });
});
