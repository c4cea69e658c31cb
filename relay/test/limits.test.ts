import { afterEach, describe, expect, it } from 'vitest';
import { CloseCode } from '@parley/shared';
import { helloFor, micFrame, RawClient } from './clients.ts';
import { startTestRelay, type TestRelay } from './harness.ts';
import { DEV_USER_ID } from '../src/auth/identity.ts';

/** Opens a session as the (dev-mode) local user. */
async function session(relay: TestRelay): Promise<RawClient> {
  const c = await RawClient.open(relay.wsUrl);
  c.send(await helloFor(relay));
  return c;
}

/** Proof the relay still serves: a new session opens, answers a ping, and ends when told. */
async function stillServes(relay: TestRelay): Promise<void> {
  const c = await session(relay);
  const ready = await c.next('ready');
  c.send({ type: 'ping', id: 1, clientTimeMs: 1 });
  await c.next('pong');
  c.ws.close(CloseCode.Normal);
  await expect.poll(() => relay.registry.get(ready.sessionId)).toBeUndefined();
}

describe('limits: each answers with its typed error, and the relay keeps serving', () => {
  let relay: TestRelay | null = null;
  afterEach(async () => {
    await relay?.close();
    relay = null;
  });

  it('caps concurrent sessions per user', async () => {
    relay = await startTestRelay({ MAX_SESSIONS_PER_USER: '2' });
    const a = await session(relay);
    const b = await session(relay);
    await a.next('ready');
    await b.next('ready');
    const c = await session(relay);
    const err = await c.next('error');
    expect(err.code).toBe('limit-exceeded');
    expect(err.message).toMatch(/2/);
    expect((await c.closed).code).toBe(CloseCode.LimitExceeded);
    a.ws.close(CloseCode.Normal); // the user ends it (a bare close would leave it resumable)
    await expect.poll(() => relay?.registry.size).toBe(1);
    const d = await session(relay);
    await d.next('ready');
    b.ws.close();
    d.ws.close();
  });

  it('a dropped connection does not lock its user out: a new session takes the slot of the longest-waiting one', async () => {
    relay = await startTestRelay({ MAX_SESSIONS_PER_USER: '3', RESUME_GRACE_S: '60' });
    const r = relay;
    // One tab whose network flaps: each time, its session waits for a resume (holding a slot)
    // and the tab starts a new one.
    const dropped: { sessionId: string; resumeSecret: string }[] = [];
    for (let i = 0; i < 3; i++) {
      const c = await session(r);
      dropped.push(await c.next('ready'));
      c.ws.terminate();
    }
    await expect.poll(() => r.registry.detachedCount).toBe(3);
    const fourth = await session(r);
    await fourth.next('ready');
    // The oldest waiting session gave its slot up, and ended for good.
    const oldest = dropped[0]?.sessionId ?? '';
    await expect
      .poll(async () => (await r.storage.sessions.get(DEV_USER_ID, oldest))?.closeReason)
      .toBe('slot taken by a newer session');
    expect(r.registry.get(oldest)).toBeUndefined();
    const back = await RawClient.open(r.wsUrl);
    back.send({
      ...(await helloFor(r)),
      resume: { sessionId: oldest, secret: dropped[0]?.resumeSecret, lastSeq: -1 },
    });
    expect(await back.next('error')).toMatchObject({ code: 'no-session' });
    // The newer waiting ones still resume.
    const second = dropped[1];
    const resumed = await RawClient.open(r.wsUrl);
    resumed.send({
      ...(await helloFor(r)),
      resume: { sessionId: second?.sessionId, secret: second?.resumeSecret, lastSeq: -1 },
    });
    expect((await resumed.next('ready')).resumed).toBe(true);
    // The cap still holds against sessions that have their connection: 2 attached + 1 waiting,
    // then 3 attached, then no more.
    const fifth = await session(r);
    await fifth.next('ready');
    const sixth = await session(r);
    expect(await sixth.next('error')).toMatchObject({ code: 'limit-exceeded' });
    for (const c of [fourth, resumed, fifth]) c.ws.close();
  });

  it('limits new sessions per user per minute', async () => {
    relay = await startTestRelay({ NEW_SESSIONS_PER_MINUTE: '2' });
    for (let i = 0; i < 2; i++) {
      const c = await session(relay);
      await c.next('ready');
      c.ws.close();
    }
    const c = await session(relay);
    const err = await c.next('error');
    expect(err).toMatchObject({ code: 'rate-limited', retryable: true });
    expect(err.retryAfterMs).toBeGreaterThan(0);
  });

  it('limits connection attempts per IP with a token bucket (429 + Retry-After)', async () => {
    relay = await startTestRelay({
      CONNECTIONS_PER_IP_BURST: '3',
      CONNECTIONS_PER_IP_PER_SECOND: '0.01',
    });
    const statuses = [];
    for (let i = 0; i < 4; i++)
      statuses.push((await fetch(`${relay.url}/api/session`, { method: 'POST' })).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const res = await fetch(`${relay.url}/api/session`, { method: 'POST' });
    expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(await res.json()).toMatchObject({ error: 'rate-limited' });
    await expect(RawClient.open(relay.wsUrl)).rejects.toThrow(/429/);
    expect((await fetch(`${relay.url}/health`)).status).toBe(200);
  });

  it('cuts a connection that floods messages', async () => {
    relay = await startTestRelay({ MESSAGES_PER_SECOND: '5', MESSAGE_BURST: '20' });
    const c = await session(relay);
    await c.next('ready');
    for (let i = 0; i < 60; i++) c.send({ type: 'ping', id: i, clientTimeMs: i });
    expect((await c.closed).code).toBe(CloseCode.RateLimited);
    expect(c.messages.some((m) => m.type === 'error' && m.code === 'rate-limited')).toBe(true);
    // "Slow down", not "the conversation is over": the session waits for the client's resume.
    expect(relay.registry.detachedCount).toBe(1);
    await stillServes(relay);
  });

  it('cuts a client that streams audio much faster than real time', async () => {
    relay = await startTestRelay({
      REALTIME_CATCH_UP_S: '1',
      REALTIME_OVERRUN_S: '1',
      MESSAGE_BURST: '1000',
      MESSAGES_PER_SECOND: '1000',
    });
    const c = await session(relay);
    await c.next('ready');
    c.send({ type: 'utterance.start', turnId: 1, firstSeq: 0, speechStartAtMs: Date.now() });
    for (let s = 0; s < 300; s++) c.send(micFrame(s, 1)); // 30 s of audio at once
    expect((await c.closed).code).toBe(CloseCode.RateLimited);
    expect(c.messages.find((m) => m.type === 'error')).toMatchObject({ code: 'rate-limited' });
    await stillServes(relay);
  });

  it('warns before the maximum session length, then ends the session', async () => {
    // 1.5 s long (time enough for stillServes' own session), warned 0.5 s ahead.
    relay = await startTestRelay({ MAX_SESSION_MINUTES: '0.025', SESSION_WARNING_S: '0.5' });
    const c = await session(relay);
    await c.next('ready');
    const warning = await c.next('session.warning');
    expect(warning).toMatchObject({ reason: 'max-length' });
    expect(warning.remainingMs).toBeLessThanOrEqual(500);
    expect((await c.closed).code).toBe(CloseCode.LimitExceeded);
    expect(c.messages.find((m) => m.type === 'error')).toMatchObject({ code: 'limit-exceeded' });
    await stillServes(relay);
  });

  it('ends an idle session', async () => {
    relay = await startTestRelay({ IDLE_TIMEOUT_S: '0.3' });
    const c = await session(relay);
    await c.next('ready');
    const closed = await c.closed;
    expect(closed.code).toBe(CloseCode.LimitExceeded);
    const err = await c.next('error');
    expect(err.code).toBe('limit-exceeded');
    expect(err.message).toMatch(/without activity/);
  });
});
