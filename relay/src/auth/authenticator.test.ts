import { CompactSign, generateKeyPair, SignJWT, type JWTPayload } from 'jose';
import { describe, expect, it } from 'vitest';
import { CloseCode } from '@parley/shared';
import { captureLog } from '../../test/log-capture.ts';
import { RelayError } from '../errors.ts';
import { loadAuthConfig } from './auth-config.ts';
import { AUTH_FAILURE_MESSAGES, SIGN_IN_AGAIN, type AuthFailureReason } from './auth-failure.ts';
import { createAuthenticator, type AuthenticatorDeps } from './authenticator.ts';
import { DEV_MODE_REMOTE_MESSAGE, devIdentity } from './dev-identity.ts';

/** A secret as `openssl rand -base64 48` makes one. */
const SECRET = 'Qp7Lr2Vx9Kd4Hs1Wm8Nz3Bt6Fg0Jc5Ye+Ua/Io2Rb7Tn4Xe9Sk1Gh6Ml3Pv8Cw0Da';
const ISSUER = 'https://idp.test/auth/v1';
const AUDIENCE = 'parley';
/** The relay's (fake) clock: 2026-01-01T00:00:00Z. */
const NOW_MS = Date.UTC(2026, 0, 1);
const NOW_S = NOW_MS / 1000;

/** A request from another machine with `authorization` (jwt mode does not look where from). */
const remote = (authorization?: string) => ({ authorization, local: false });

function jwtConfig(env: Record<string, string> = {}) {
  return loadAuthConfig({
    AUTH_MODE: 'jwt',
    JWT_SECRET: SECRET,
    JWT_ISSUER: ISSUER,
    JWT_AUDIENCE: AUDIENCE,
    ALLOWED_ORIGINS: 'https://chat.example.com',
    ...env,
  });
}

/** What the authenticators of these tests log. */
const logged = captureLog();

function authenticator(env: Record<string, string> = {}, deps: AuthenticatorDeps = {}) {
  return createAuthenticator(jwtConfig(env), { now: () => NOW_MS, log: logged.log, ...deps });
}

/** Claims of a valid token; pass `undefined` to drop one. */
function claims(overrides: Record<string, unknown> = {}): JWTPayload {
  return {
    sub: 'user-42',
    iss: ISSUER,
    aud: AUDIENCE,
    iat: NOW_S - 10,
    exp: NOW_S + 300,
    ...overrides,
  };
}

function hs256(payload: JWTPayload = claims(), secret = SECRET): Promise<string> {
  return new SignJWT(payload)
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .sign(new TextEncoder().encode(secret));
}

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** An unsecured JWT, made by hand as an attacker would. */
function unsecured(alg = 'none', payload: JWTPayload = claims()): string {
  return `${b64url({ alg, typ: 'JWT' })}.${b64url(payload)}.`;
}

/** The caller is refused with the message of `reason`, and the log names `reason`. */
async function expectFailure(result: Promise<unknown>, reason: AuthFailureReason): Promise<void> {
  const err: unknown = await result.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(RelayError);
  expect(err).toMatchObject({
    code: 'unauthorized',
    message: AUTH_FAILURE_MESSAGES[reason],
    options: { status: 401, closeCode: CloseCode.Unauthorized },
  });
  expect(logged.lines.at(-1)).toMatchObject({ msg: 'authentication failed', reason });
}

describe('dev mode', () => {
  const auth = createAuthenticator(loadAuthConfig({}));

  it('gives a caller on this machine the local identity, with or without a header', async () => {
    expect(auth.mode).toBe('dev');
    await expect(auth.authenticate({ authorization: undefined, local: true })).resolves.toBe(
      devIdentity,
    );
    await expect(
      auth.authenticate({ authorization: 'Bearer whatever', local: true }),
    ).resolves.toEqual({ userId: 'dev:local', mode: 'dev', displayName: 'Local user' });
    expect(() => {
      auth.admit({ local: true });
    }).not.toThrow();
  });

  it('refuses anyone else, token or not, saying to set AUTH_MODE=jwt (403)', async () => {
    const refusal = {
      code: 'forbidden',
      message: DEV_MODE_REMOTE_MESSAGE,
      options: { status: 403, closeCode: CloseCode.Forbidden },
    };
    await expect(auth.authenticate(remote(undefined))).rejects.toMatchObject(refusal);
    await expect(auth.authenticate(remote('Bearer whatever'))).rejects.toMatchObject(refusal);
    expect(() => {
      auth.admit({ local: false });
    }).toThrow(/dev mode and serves only this machine.*AUTH_MODE=jwt/);
  });
});

describe('jwt mode with a shared secret (HS256)', () => {
  const auth = authenticator();

  it('accepts a valid token and takes the user id from sub', async () => {
    const token = await hs256(claims({ name: '  Ada Lovelace ' }));
    await expect(auth.authenticate(remote(`Bearer ${token}`))).resolves.toEqual({
      userId: 'user-42',
      mode: 'jwt',
      displayName: 'Ada Lovelace',
      issuer: ISSUER,
      expiresAtMs: (NOW_S + 300) * 1000,
    });
  });

  it('accepts the scheme in any case and extra spaces after it', async () => {
    const token = await hs256();
    await expect(auth.authenticate(remote(`bearer   ${token}`))).resolves.toMatchObject({
      userId: 'user-42',
    });
  });

  describe('refuses', () => {
    it('no token', async () => {
      await expectFailure(auth.authenticate(remote(undefined)), 'missing-token');
      await expectFailure(auth.authenticate(remote('')), 'missing-token');
      await expectFailure(auth.authenticate(remote('   ')), 'missing-token');
    });

    it('another scheme, or a bearer header without a single token', async () => {
      const token = await hs256();
      await expectFailure(auth.authenticate(remote(`Basic ${b64url('u:p')}`)), 'malformed-header');
      await expectFailure(auth.authenticate(remote(token)), 'malformed-header');
      await expectFailure(auth.authenticate(remote('Bearer')), 'malformed-header');
      await expectFailure(
        auth.authenticate(remote(`Bearer ${token} ${token}`)),
        'malformed-header',
      );
    });

    it('a malformed token', async () => {
      await expectFailure(auth.authenticate(remote('Bearer abc')), 'malformed-token');
      await expectFailure(auth.authenticate(remote('Bearer a.b')), 'malformed-token');
      await expectFailure(auth.authenticate(remote('Bearer a.b.c.d.e')), 'malformed-token');
      await expectFailure(auth.authenticate(remote('Bearer a!.b.c')), 'malformed-token');
      await expectFailure(
        auth.authenticate(remote('Bearer eyJhbGciOi.eyJzdWIi.c2ln')),
        'malformed-token',
      );
      // Correctly signed, but the payload is not a JSON object.
      const notClaims = await new CompactSign(new TextEncoder().encode('[1,2'))
        .setProtectedHeader({ alg: 'HS256' })
        .sign(new TextEncoder().encode(SECRET));
      await expectFailure(auth.authenticate(remote(`Bearer ${notClaims}`)), 'malformed-token');
      await expectFailure(
        auth.authenticate(remote(`Bearer ${'a'.repeat(9000)}.b.c`)),
        'malformed-token',
      );
    });

    it('a forged signature (signed with another secret)', async () => {
      const forged = await hs256(claims(), 'another-secret-0123456789-0123456789-xyz');
      await expectFailure(auth.authenticate(remote(`Bearer ${forged}`)), 'bad-signature');
    });

    it('a tampered payload', async () => {
      const [header, , signature] = (await hs256()).split('.');
      const tampered = `${header}.${b64url(claims({ sub: 'admin' }))}.${signature}`;
      await expectFailure(auth.authenticate(remote(`Bearer ${tampered}`)), 'bad-signature');
    });

    it.each(['none', 'None', 'NONE'])('an unsecured token with alg %j', async (alg) => {
      await expectFailure(auth.authenticate(remote(`Bearer ${unsecured(alg)}`)), 'alg-not-allowed');
    });

    it('an asymmetric algorithm where HS256 is pinned', async () => {
      const { privateKey } = await generateKeyPair('RS256');
      const rs = await new SignJWT(claims()).setProtectedHeader({ alg: 'RS256' }).sign(privateKey);
      await expectFailure(auth.authenticate(remote(`Bearer ${rs}`)), 'alg-not-allowed');
    });

    it('HS384/HS512 with the right secret (only HS256 is pinned)', async () => {
      const key = new TextEncoder().encode(SECRET.repeat(2));
      const hs512 = await new SignJWT(claims()).setProtectedHeader({ alg: 'HS512' }).sign(key);
      await expectFailure(auth.authenticate(remote(`Bearer ${hs512}`)), 'alg-not-allowed');
    });

    it('an expired token beyond the 30 s tolerance, accepting one within it', async () => {
      const late = await hs256(claims({ exp: NOW_S - 31 }));
      await expectFailure(auth.authenticate(remote(`Bearer ${late}`)), 'expired');
      const justLate = await hs256(claims({ exp: NOW_S - 29 }));
      await expect(auth.authenticate(remote(`Bearer ${justLate}`))).resolves.toMatchObject({
        userId: 'user-42',
      });
    });

    it('an expired token at once when the tolerance is 0', async () => {
      const strict = authenticator({ JWT_CLOCK_TOLERANCE_S: '0' });
      await expectFailure(
        strict.authenticate(remote(`Bearer ${await hs256(claims({ exp: NOW_S }))}`)),
        'expired',
      );
    });

    it('a not-yet-valid token (nbf) beyond the tolerance, accepting one within it', async () => {
      const early = await hs256(claims({ nbf: NOW_S + 31 }));
      await expectFailure(auth.authenticate(remote(`Bearer ${early}`)), 'not-yet-valid');
      const justEarly = await hs256(claims({ nbf: NOW_S + 29 }));
      await expect(auth.authenticate(remote(`Bearer ${justEarly}`))).resolves.toMatchObject({
        userId: 'user-42',
      });
    });

    it('a token without exp (it would never expire)', async () => {
      await expectFailure(
        auth.authenticate(remote(`Bearer ${await hs256(claims({ exp: undefined }))}`)),
        'invalid-claims',
      );
      await expectFailure(
        auth.authenticate(remote(`Bearer ${await hs256(claims({ exp: 'tomorrow' }))}`)),
        'invalid-claims',
      );
    });

    it('a wrong or missing audience', async () => {
      await expectFailure(
        auth.authenticate(remote(`Bearer ${await hs256(claims({ aud: 'other-app' }))}`)),
        'wrong-audience',
      );
      await expectFailure(
        auth.authenticate(remote(`Bearer ${await hs256(claims({ aud: undefined }))}`)),
        'wrong-audience',
      );
    });

    it('a wrong or missing issuer', async () => {
      await expectFailure(
        auth.authenticate(remote(`Bearer ${await hs256(claims({ iss: 'https://evil.test' }))}`)),
        'wrong-issuer',
      );
      await expectFailure(
        auth.authenticate(remote(`Bearer ${await hs256(claims({ iss: undefined }))}`)),
        'wrong-issuer',
      );
    });

    it.each([
      ['missing', undefined],
      ['empty', ''],
      ['blank', '   '],
      ['a number', 42],
      ['too long', 'u'.repeat(256)],
    ])('a token whose sub is %s', async (_what, sub) => {
      await expectFailure(
        auth.authenticate(remote(`Bearer ${await hs256(claims({ sub }))}`)),
        'missing-subject',
      );
    });

    it.each(['dev:local', 'dev:anything'])(
      'a token whose sub is in the dev namespace (%s): no IdP gets the dev user’s data',
      async (sub) => {
        await expectFailure(
          auth.authenticate(remote(`Bearer ${await hs256(claims({ sub }))}`)),
          'reserved-subject',
        );
        // The old dev id is an ordinary user now: its data moved to dev:local (migration 010).
        await expect(
          auth.authenticate(remote(`Bearer ${await hs256(claims({ sub: 'local' }))}`)),
        ).resolves.toMatchObject({ userId: 'local', mode: 'jwt' });
      },
    );
  });

  it('accepts any one of several configured audiences', async () => {
    const multi = authenticator({ JWT_AUDIENCE: 'web, mobile' });
    const token = await hs256(claims({ aud: ['mobile', 'billing'] }));
    await expect(multi.authenticate(remote(`Bearer ${token}`))).resolves.toMatchObject({
      userId: 'user-42',
    });
  });

  it('skips issuer and audience checks only when they are not configured', async () => {
    const loose = createAuthenticator(
      loadAuthConfig({ AUTH_MODE: 'jwt', JWT_SECRET: SECRET, ALLOWED_ORIGINS: 'https://a.test' }),
      { now: () => NOW_MS },
    );
    const token = await hs256(claims({ iss: undefined, aud: undefined }));
    await expect(loose.authenticate(remote(`Bearer ${token}`))).resolves.toEqual({
      userId: 'user-42',
      mode: 'jwt',
      expiresAtMs: (NOW_S + 300) * 1000,
    });
  });

  it('tells the caller one reason for every failed check; the log names the check, never the token', async () => {
    const forged = await hs256(claims(), 'another-secret-0123456789-0123456789-xyz');
    const expired = await hs256(claims({ exp: NOW_S - 3600 }));
    const otherApp = await hs256(claims({ aud: 'other-app' }));
    const otherIdp = await hs256(claims({ iss: 'https://evil.test' }));
    const noExp = await hs256(claims({ exp: undefined }));
    const tokens = [forged, expired, otherApp, otherIdp, unsecured(), noExp];
    const messages: string[] = [];
    const first = logged.lines.length;
    for (const token of tokens) {
      const err = await auth.authenticate(remote(`Bearer ${token}`)).catch((e: unknown) => e);
      messages.push(err instanceof RelayError ? err.message : 'accepted');
    }
    expect(new Set(messages)).toEqual(new Set([SIGN_IN_AGAIN]));
    expect(
      logged.lines
        .slice(first)
        .map(({ level, msg, reason, claim }) => ({ level, msg, reason, claim })),
    ).toEqual(
      [
        ['bad-signature'],
        ['expired'],
        ['wrong-audience', 'aud'],
        ['wrong-issuer', 'iss'],
        ['alg-not-allowed'],
        ['invalid-claims', 'exp'],
      ].map(([reason, claim]) => ({ level: 30, msg: 'authentication failed', reason, claim })),
    );
    const text = logged.text();
    for (const token of tokens) {
      for (const part of token.split('.').filter(Boolean)) expect(text).not.toContain(part);
    }
    expect(text).not.toContain(SECRET);
  });
});
