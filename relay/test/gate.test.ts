import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloseCode, PROTOCOL_VERSION, ticketResponse } from '@parley/shared';
import { RawClient, ticket } from './clients.ts';
import { startTestRelay, type TestRelay } from './harness.ts';
import { JWT_RELAY, ORIGIN, token } from './jwt-kit.ts';
import { SIGN_IN_AGAIN } from '../src/auth/auth-failure.ts';
import { TalkClient } from '../src/talk/client.ts';
import { DEV_USER_ID } from '../src/auth/identity.ts';

const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');

async function postSession(relay: TestRelay, headers: Record<string, string>) {
  const res = await fetch(`${relay.url}/api/session`, {
    method: 'POST',
    headers: { Origin: ORIGIN, ...headers },
  });
  return {
    status: res.status,
    body: (await res.json()) as { error?: string; message?: string; ticket?: string },
  };
}

describe('the gate in jwt mode', () => {
  let relay: TestRelay;
  beforeAll(async () => {
    relay = await startTestRelay({
      ...JWT_RELAY,
      TICKET_TTL_MS: '1000',
    });
  });
  afterAll(async () => {
    await relay.close();
  });

  it('issues a ticket for a valid token', async () => {
    const r = await postSession(relay, { Authorization: `Bearer ${await token('alice')}` });
    expect(r.status).toBe(200);
    expect(r.body.ticket).toMatch(/^[A-Za-z0-9_-]{40,}$/);
  });

  it.each([
    ['no token', () => Promise.resolve({})],
    [
      'a forged signature',
      async () => ({ Authorization: `Bearer ${await token('alice', { secret: 'x'.repeat(40) })}` }),
    ],
    [
      'alg: none',
      () =>
        Promise.resolve({
          Authorization: `Bearer ${b64({ alg: 'none', typ: 'JWT' })}.${b64({ sub: 'alice', aud: 'parley', iss: 'https://idp.example', exp: 9e9 })}.`,
        }),
    ],
    [
      'an expired token',
      async () => ({
        Authorization: `Bearer ${await token('alice', { exp: Math.floor(Date.now() / 1000) - 600 })}`,
      }),
    ],
    [
      'the wrong audience',
      async () => ({ Authorization: `Bearer ${await token('alice', { aud: 'someone-else' })}` }),
    ],
    [
      'the wrong issuer',
      async () => ({
        Authorization: `Bearer ${await token('alice', { iss: 'https://evil.example' })}`,
      }),
    ],
    [
      'a token in the wrong scheme',
      async () => ({ Authorization: `Basic ${await token('alice')}` }),
    ],
  ])('refuses %s with 401 unauthorized', async (_name, headers) => {
    const r = await postSession(relay, await headers());
    expect(r.status).toBe(401);
    expect(r.body.error).toBe('unauthorized');
    expect(r.body.message?.length).toBeGreaterThan(10);
  });

  it('gives one reason for every failed check of a token, whichever it was', async () => {
    const now = Math.floor(Date.now() / 1000);
    const tokens = [
      await token('alice', { secret: 'x'.repeat(40) }),
      `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ sub: 'alice', aud: 'parley', iss: 'https://idp.example', exp: 9e9 })}.`,
      await token('alice', { exp: now - 600 }),
      await token('alice', { aud: 'someone-else' }),
      await token('alice', { iss: 'https://evil.example' }),
    ];
    const answers = await Promise.all(
      tokens.map((t) => postSession(relay, { Authorization: `Bearer ${t}` })),
    );
    // The log says which check failed (relay/src/auth/authenticator.test.ts); the caller does not.
    expect(new Set(answers.map((a) => JSON.stringify(a)))).toEqual(
      new Set([
        JSON.stringify({ status: 401, body: { error: 'unauthorized', message: SIGN_IN_AGAIN } }),
      ]),
    );
  });

  it('refuses a foreign origin on the API (403) and on the WebSocket upgrade', async () => {
    const r = await fetch(`${relay.url}/api/session`, {
      method: 'POST',
      headers: { Origin: 'https://evil.example', Authorization: `Bearer ${await token('alice')}` },
    });
    expect(r.status).toBe(403);
    await expect(
      RawClient.open(relay.url.replace('http', 'ws') + '/ws', { Origin: 'https://evil.example' }),
    ).rejects.toThrow(/403/);
  });

  it('accepts a ticket once, and never twice', async () => {
    const t = await ticket(relay, await token('alice'), { Origin: ORIGIN });
    const hello = {
      type: 'hello',
      protocol: PROTOCOL_VERSION,
      outputSampleRateHz: 16_000,
      ticket: t,
    };
    const first = await RawClient.open(relay.wsUrl, { Origin: ORIGIN });
    first.send(hello);
    await first.next('ready');
    const second = await RawClient.open(relay.wsUrl, { Origin: ORIGIN });
    second.send(hello);
    expect(await second.next('error')).toMatchObject({ code: 'unauthorized' });
    expect((await second.closed).code).toBe(CloseCode.Unauthorized);
    first.ws.close(CloseCode.Normal);
  });

  it('refuses an expired ticket', async () => {
    const res = await fetch(`${relay.url}/api/session`, {
      method: 'POST',
      headers: { Origin: ORIGIN, Authorization: `Bearer ${await token('alice')}` },
    });
    const { ticket: t, expiresAtMs } = ticketResponse.parse(await res.json());
    // Its lifetime (TICKET_TTL_MS, 1 s here) runs out.
    await expect.poll(() => Date.now(), { timeout: 5_000 }).toBeGreaterThan(expiresAtMs);
    const c = await RawClient.open(relay.wsUrl, { Origin: ORIGIN });
    c.send({ type: 'hello', protocol: PROTOCOL_VERSION, outputSampleRateHz: 16_000, ticket: t });
    const err = await c.next('error');
    expect(err.code).toBe('unauthorized');
    expect(err.message).toMatch(/expired/i);
    expect((await c.closed).code).toBe(CloseCode.Unauthorized);
  });

  it('refuses a made-up ticket', async () => {
    const c = await RawClient.open(relay.wsUrl, { Origin: ORIGIN });
    c.send({
      type: 'hello',
      protocol: PROTOCOL_VERSION,
      outputSampleRateHz: 16_000,
      ticket: 'A'.repeat(43),
    });
    expect((await c.closed).code).toBe(CloseCode.Unauthorized);
  });

  it("never lets user A resume user B's session, even holding its secret", async () => {
    const bob = await TalkClient.connect(relay.wsUrl, {
      token: await token('bob'),
      origin: ORIGIN,
    });
    const { sessionId, resumeSecret } = bob.ready;
    const tryAsAlice = async () => {
      const c = await RawClient.open(relay.wsUrl, { Origin: ORIGIN });
      c.send({
        type: 'hello',
        protocol: PROTOCOL_VERSION,
        outputSampleRateHz: 16_000,
        ticket: await ticket(relay, await token('alice'), { Origin: ORIGIN }),
        resume: { sessionId, secret: resumeSecret, lastSeq: 0 },
      });
      const err = await c.next('error');
      return { code: err.code, close: (await c.closed).code };
    };
    // While Bob is connected (live in the registry)…
    expect(await tryAsAlice()).toEqual({ code: 'no-session', close: CloseCode.SessionNotFound });
    // …and after he is gone (only in storage).
    bob.close();
    await expect.poll(() => relay.registry.size).toBe(0);
    expect(await tryAsAlice()).toEqual({ code: 'no-session', close: CloseCode.SessionNotFound });
  });

  it("never lets user A read or delete user B's conversations", async () => {
    const bob = await token('bob');
    const alice = await token('alice');
    const client = await TalkClient.connect(relay.wsUrl, { token: bob, origin: ORIGIN });
    const sessionId = client.ready.sessionId;
    client.close();
    await expect.poll(() => relay.registry.size).toBe(0);
    const as = (t: string, method = 'GET') =>
      fetch(`${relay.url}/api/sessions/${sessionId}`, {
        method,
        headers: { Origin: ORIGIN, Authorization: `Bearer ${t}` },
      });
    expect((await as(bob)).status).toBe(200);
    expect((await as(alice)).status).toBe(404);
    expect((await as(alice, 'DELETE')).status).toBe(404);
    const list = await fetch(`${relay.url}/api/sessions`, {
      headers: { Origin: ORIGIN, Authorization: `Bearer ${alice}` },
    });
    expect(
      ((await list.json()) as { sessions: { id: string }[] }).sessions.map((s) => s.id),
    ).not.toContain(sessionId);
    expect((await as(bob, 'DELETE')).status).toBe(204);
    expect((await as(bob)).status).toBe(404);
  });
});

describe('dev mode', () => {
  it('refuses to start bound to anything but loopback', async () => {
    await expect(startTestRelay({ HOST: '0.0.0.0' })).rejects.toThrow(
      /loopback|127\.0\.0\.1|AUTH_MODE/i,
    );
  });

  it('lets the local browser in without a token', async () => {
    const relay = await startTestRelay();
    try {
      const r = await fetch(`${relay.url}/api/session`, { method: 'POST' });
      expect(r.status).toBe(200);
      expect(((await r.json()) as { userId: string }).userId).toBe(DEV_USER_ID);
    } finally {
      await relay.close();
    }
  });
});
