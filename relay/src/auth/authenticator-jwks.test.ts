import { createServer, type Server } from 'node:http';
import {
  exportJWK,
  exportSPKI,
  generateKeyPair,
  SignJWT,
  type CryptoKey,
  type JWK,
  type JWTPayload,
} from 'jose';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { CloseCode } from '@parley/shared';
import { loadAuthConfig } from './auth-config.ts';
import { AUTH_FAILURE_MESSAGES, type AuthFailureReason } from './auth-failure.ts';
import { createAuthenticator, type Authenticator } from './authenticator.ts';
import { captureLog } from '../../test/log-capture.ts';

const ISSUER = 'https://tenant.idp.test/';
const AUDIENCE = 'parley';
const JWKS_TIMEOUT_MS = 200;

/** A request with `authorization`, from wherever (jwt mode does not look). */
const bearer = (authorization: string) => ({ authorization, local: false });

/** A real JWKS endpoint on a random loopback port, whose answer the test controls. */
interface JwksServer {
  url: string;
  /** Requests received so far. */
  hits: number;
  keys: JWK[];
  /** `ok` serves `keys`; `error` answers 500; `hang` accepts and never answers. */
  behaviour: 'ok' | 'error' | 'hang';
  close(): Promise<void>;
}

async function startJwksServer(): Promise<JwksServer> {
  const state: Omit<JwksServer, 'url' | 'close'> = { hits: 0, keys: [], behaviour: 'ok' };
  const server = createServer((_req, res) => {
    state.hits++;
    if (state.behaviour === 'hang') return;
    if (state.behaviour === 'error') {
      res.writeHead(500).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ keys: state.keys }));
  });
  const port = await listen(server);
  return Object.assign(state, {
    url: `http://127.0.0.1:${port}/.well-known/jwks.json`,
    close: () => closeServer(server),
  });
}

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

/** A loopback URL nothing listens on (a port just released). */
async function deadUrl(): Promise<string> {
  const server = createServer();
  const port = await listen(server);
  await closeServer(server);
  return `http://127.0.0.1:${port}/jwks`;
}

interface SigningKey {
  kid: string;
  alg: 'RS256' | 'ES256' | 'EdDSA';
  privateKey: CryptoKey;
  publicKey: CryptoKey;
  jwk: JWK;
}

async function signingKey(kid: string, alg: SigningKey['alg']): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg);
  const jwk = { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' };
  return { kid, alg, privateKey, publicKey, jwk };
}

function claims(overrides: Record<string, unknown> = {}): JWTPayload {
  const nowS = Math.floor(Date.now() / 1000);
  return { sub: 'user-7', iss: ISSUER, aud: AUDIENCE, iat: nowS, exp: nowS + 3600, ...overrides };
}

function sign(key: SigningKey, payload: JWTPayload = claims(), kid = key.kid): Promise<string> {
  return new SignJWT(payload).setProtectedHeader({ alg: key.alg, kid }).sign(key.privateKey);
}

function jwksAuthenticator(url: string): Authenticator {
  const config = loadAuthConfig({
    AUTH_MODE: 'jwt',
    JWT_JWKS_URL: url,
    JWT_ISSUER: ISSUER,
    JWT_AUDIENCE: AUDIENCE,
    JWT_JWKS_TIMEOUT_MS: String(JWKS_TIMEOUT_MS),
    ALLOWED_ORIGINS: 'https://chat.example.com',
  });
  return createAuthenticator(config, { now: () => Date.now(), log: logged.log });
}

/** What the authenticators of these tests log. */
const logged = captureLog();

/** The caller is refused with the message of `reason`, and the log names `reason`. */
async function expectFailure(result: Promise<unknown>, reason: AuthFailureReason): Promise<void> {
  await expect(result).rejects.toMatchObject({
    code: 'unauthorized',
    message: AUTH_FAILURE_MESSAGES[reason],
    options: { status: 401, closeCode: CloseCode.Unauthorized },
  });
  expect(logged.lines.at(-1)).toMatchObject({ reason });
}

describe('jwt mode with a JWKS served over HTTP', () => {
  let server: JwksServer;
  let rsa: SigningKey;
  let ec: SigningKey;
  let ed: SigningKey;

  beforeAll(async () => {
    [rsa, ec, ed] = await Promise.all([
      signingKey('rsa-1', 'RS256'),
      signingKey('ec-1', 'ES256'),
      signingKey('ed-1', 'EdDSA'),
    ]);
  });

  beforeAll(async () => {
    server = await startJwksServer();
  });
  afterEach(() => {
    server.hits = 0;
    server.behaviour = 'ok';
    server.keys = [rsa.jwk, ec.jwk, ed.jwk];
  });
  afterAll(async () => {
    await server.close();
  });

  function fresh(keys: JWK[] = [rsa.jwk, ec.jwk, ed.jwk]): Authenticator {
    server.keys = keys;
    server.hits = 0;
    return jwksAuthenticator(server.url);
  }

  it.each(['RS256', 'ES256', 'EdDSA'] as const)('accepts a %s token', async (alg) => {
    const auth = fresh();
    const key = { RS256: rsa, ES256: ec, EdDSA: ed }[alg];
    await expect(auth.authenticate(bearer(`Bearer ${await sign(key)}`))).resolves.toMatchObject({
      userId: 'user-7',
      mode: 'jwt',
      issuer: ISSUER,
    });
  });

  it('fetches the key set once and caches it', async () => {
    const auth = fresh();
    const tokens = await Promise.all([sign(rsa), sign(ec), sign(rsa)]);
    await Promise.all(tokens.map((t) => auth.authenticate(bearer(`Bearer ${t}`))));
    await auth.authenticate(bearer(`Bearer ${tokens[0]}`));
    expect(server.hits).toBe(1);
  });

  it('refuses a forged signature (another key claiming a published kid)', async () => {
    const auth = fresh();
    const impostor = await signingKey(rsa.kid, 'RS256');
    await expectFailure(
      auth.authenticate(bearer(`Bearer ${await sign(impostor)}`)),
      'bad-signature',
    );
  });

  it('refuses HS256 signed with the public key as the secret (alg confusion), before any fetch', async () => {
    const auth = fresh();
    const pem = await exportSPKI(rsa.publicKey);
    const confused = await new SignJWT(claims())
      .setProtectedHeader({ alg: 'HS256', kid: rsa.kid })
      .sign(new TextEncoder().encode(pem));
    await expectFailure(auth.authenticate(bearer(`Bearer ${confused}`)), 'alg-not-allowed');
    expect(server.hits).toBe(0);
  });

  it('refuses an unsecured alg "none" token', async () => {
    const auth = fresh();
    const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    const none = `${b64({ alg: 'none', kid: rsa.kid })}.${b64(claims())}.`;
    await expectFailure(auth.authenticate(bearer(`Bearer ${none}`)), 'alg-not-allowed');
  });

  it('refuses wrong issuer, wrong audience, expired and sub-less tokens', async () => {
    const auth = fresh();
    const nowS = Math.floor(Date.now() / 1000);
    const cases: [JWTPayload, AuthFailureReason][] = [
      [claims({ iss: 'https://other-tenant.idp.test/' }), 'wrong-issuer'],
      [claims({ aud: 'another-api' }), 'wrong-audience'],
      [claims({ exp: nowS - 60 }), 'expired'],
      [claims({ sub: undefined }), 'missing-subject'],
    ];
    for (const [payload, reason] of cases) {
      await expectFailure(auth.authenticate(bearer(`Bearer ${await sign(rsa, payload)}`)), reason);
    }
  });

  it('refuses a kid the provider does not publish', async () => {
    const auth = fresh();
    await expectFailure(
      auth.authenticate(bearer(`Bearer ${await sign(rsa, claims(), 'nope')}`)),
      'unknown-key',
    );
  });

  it('follows key rotation: a new kid after the refetch cooldown, a retired one after max age', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      const start = Date.now();
      const next = await signingKey('rsa-2', 'RS256');
      const auth = fresh([rsa.jwk]);
      await expect(auth.authenticate(bearer(`Bearer ${await sign(rsa)}`))).resolves.toBeDefined();
      expect(server.hits).toBe(1);

      // The provider publishes its next key and starts signing with it.
      server.keys = [rsa.jwk, next.jwk];
      // Within the 30 s cooldown, unknown kids do not trigger a refetch (no hammering the IdP).
      await expectFailure(auth.authenticate(bearer(`Bearer ${await sign(next)}`)), 'unknown-key');
      expect(server.hits).toBe(1);
      vi.setSystemTime(start + 30_001);
      await expect(auth.authenticate(bearer(`Bearer ${await sign(next)}`))).resolves.toMatchObject({
        userId: 'user-7',
      });
      expect(server.hits).toBe(2);

      // The old key is retired: still trusted from cache until the key set is 10 min old.
      server.keys = [next.jwk];
      await expect(auth.authenticate(bearer(`Bearer ${await sign(rsa)}`))).resolves.toBeDefined();
      vi.setSystemTime(start + 30_001 + 600_001);
      await expectFailure(auth.authenticate(bearer(`Bearer ${await sign(rsa)}`)), 'unknown-key');
      await expect(auth.authenticate(bearer(`Bearer ${await sign(next)}`))).resolves.toBeDefined();
      expect(server.hits).toBe(3);
    } finally {
      vi.useRealTimers();
    }
  });

  it('answers unauthorized when the JWKS server is down (connection refused)', async () => {
    const auth = jwksAuthenticator(await deadUrl());
    await expectFailure(
      auth.authenticate(bearer(`Bearer ${await sign(rsa)}`)),
      'provider-unavailable',
    );
  });

  it('answers unauthorized within the timeout when the JWKS server hangs', async () => {
    const auth = fresh();
    server.behaviour = 'hang';
    const startedMs = performance.now();
    await expectFailure(
      auth.authenticate(bearer(`Bearer ${await sign(rsa)}`)),
      'provider-unavailable',
    );
    const elapsedMs = performance.now() - startedMs;
    expect(elapsedMs).toBeGreaterThanOrEqual(JWKS_TIMEOUT_MS - 50);
    expect(elapsedMs).toBeLessThan(JWKS_TIMEOUT_MS + 2_000);
  });

  it('answers unauthorized on an HTTP error, and recovers when the server does', async () => {
    const auth = fresh();
    server.behaviour = 'error';
    await expectFailure(
      auth.authenticate(bearer(`Bearer ${await sign(rsa)}`)),
      'provider-unavailable',
    );
    server.behaviour = 'ok';
    await expect(auth.authenticate(bearer(`Bearer ${await sign(rsa)}`))).resolves.toMatchObject({
      userId: 'user-7',
    });
    expect(server.hits).toBe(2);
  });
});
