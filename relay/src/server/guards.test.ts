import { Hono, type Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { loadAuthConfig } from '../auth/auth-config.ts';
import { createAuthenticator, type AuthRequest } from '../auth/authenticator.ts';
import { DEV_MODE_REMOTE_MESSAGE } from '../auth/dev-identity.ts';
import { OriginGate } from '../auth/origin-gate.ts';
import { RelayError } from '../errors.ts';
import { logger } from '../log/logger.ts';
import { adminGuard, callerGuard, originGuard, userGuard, type GuardedEnv } from './guards.ts';

const ADMIN = 'admin-token-0123456789abcdef';
const APP_ORIGIN = 'https://app.example';

/** The caller as the relay's peer resolver sees it; `X-Test-Remote` makes it another machine. */
const peerOf = (c: Context) => ({
  origin: c.req.header('origin'),
  ip: '127.0.0.1',
  local: c.req.header('x-test-remote') === undefined,
});

/** Answers errors as the relay does. */
function answeringErrors(app: Hono<GuardedEnv>) {
  app.onError((err, c) => {
    if (err instanceof HTTPException) return err.getResponse();
    if (err instanceof RelayError)
      return c.json({ error: err.code, message: err.message }, err.options.status ?? 400);
    return c.json({ error: 'internal' }, 500);
  });
  return app;
}

/** A tiny app behind the guards, answering errors as the relay does. */
function guarded(adminToken: string | undefined) {
  const ctx = {
    origins: new OriginGate({
      policy: () => ({ app: [APP_ORIGIN], embed: [], loopbackEmbeds: false }),
      registry: new Registry(),
      log: logger('test:origin'),
      now: Date.now,
    }),
    authenticator: {
      mode: 'jwt' as const,
      admit: () => undefined,
      authenticate: ({ authorization }: AuthRequest) =>
        authorization === 'Bearer alice-token'
          ? Promise.resolve({ userId: 'alice', mode: 'jwt' as const })
          : Promise.reject(RelayError.unauthorized('Sign in again.')),
    },
    settings: { adminToken },
  };
  const app = new Hono<GuardedEnv>();
  const origin = originGuard(ctx, peerOf);
  app.get('/me', origin, userGuard(ctx, peerOf), (c) => c.json({ user: c.get('identity').userId }));
  app.get('/admin', adminGuard({ settings: ctx.settings as never }), (c) => c.json({ ok: true }));
  return answeringErrors(app);
}

/** A dev-mode app: a user route and an upgrade-like route behind the caller guard. */
function devApp() {
  const ctx = { authenticator: createAuthenticator(loadAuthConfig({})) };
  const app = new Hono<GuardedEnv>();
  app.get('/me', userGuard(ctx, peerOf), (c) => c.json({ user: c.get('identity').userId }));
  app.get('/ws', callerGuard(ctx, peerOf), (c) => c.json({ upgraded: true }));
  return answeringErrors(app);
}

describe('route guards', () => {
  it('lets the signed-in user through from an allowed origin, with their identity', async () => {
    const res = await guarded(ADMIN).request('/me', {
      headers: { Origin: APP_ORIGIN, Authorization: 'Bearer alice-token' },
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ user: 'alice' });
  });

  it('refuses a foreign page before looking at its credentials', async () => {
    const res = await guarded(ADMIN).request('/me', {
      headers: { Origin: 'https://evil.example', Authorization: 'Bearer alice-token' },
    });
    expect(res.status).toBe(403);
  });

  it('refuses a caller without valid credentials with the authenticator’s reason', async () => {
    const res = await guarded(ADMIN).request('/me', { headers: { Origin: APP_ORIGIN } });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: 'unauthorized', message: 'Sign in again.' });
  });

  it('opens the admin API to the admin token only, whatever the scheme of a wrong header', async () => {
    const app = guarded(ADMIN);
    expect(
      (await app.request('/admin', { headers: { Authorization: `Bearer ${ADMIN}` } })).status,
    ).toBe(200);
    for (const header of [undefined, 'Bearer nope', ADMIN, `Basic ${ADMIN}`]) {
      const res = await app.request('/admin', {
        headers: header === undefined ? {} : { Authorization: header },
      });
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toMatch(/^Bearer realm="admin"/);
      expect(await res.json()).toMatchObject({ error: 'unauthorized' });
    }
  });

  it('gives the dev identity to this machine only, on user routes and the upgrade', async () => {
    const app = devApp();
    expect(await (await app.request('/me')).json()).toEqual({ user: 'dev:local' });
    expect((await app.request('/ws')).status).toBe(200);
    for (const path of ['/me', '/ws']) {
      const res = await app.request(path, { headers: { 'X-Test-Remote': '1' } });
      expect(res.status).toBe(403);
      expect(await res.json()).toEqual({ error: 'forbidden', message: DEV_MODE_REMOTE_MESSAGE });
    }
  });

  it('lets anyone reach jwt mode’s routes, where the token decides', async () => {
    const res = await guarded(ADMIN).request('/me', {
      headers: { Origin: APP_ORIGIN, Authorization: 'Bearer alice-token', 'X-Test-Remote': '1' },
    });
    expect(await res.json()).toEqual({ user: 'alice' });
  });

  it('keeps the admin API off (404) when no admin token is set', async () => {
    const res = await guarded(undefined).request('/admin', {
      headers: { Authorization: `Bearer ${ADMIN}` },
    });
    expect(res.status).toBe(404);
  });
});
