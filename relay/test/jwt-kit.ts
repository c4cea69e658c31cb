import { SignJWT } from 'jose';

/** The HS256 secret the jwt-mode test relays verify tokens with (32 characters at least). */
export const JWT_SECRET = 'a-test-secret-that-is-at-least-32-characters-long';
/** The page's origin: the one these relays allow. */
export const ORIGIN = 'https://app.example';
const ISSUER = 'https://idp.example';
const AUDIENCE = 'parley';

/**
 * A jwt-mode relay's settings: tokens from {@link token}, pages from {@link ORIGIN}, and many
 * connections from 127.0.0.1 (every user of these tests comes from there; the IP limit has its
 * own tests).
 */
export const JWT_RELAY = {
  AUTH_MODE: 'jwt',
  JWT_SECRET,
  JWT_ISSUER: ISSUER,
  JWT_AUDIENCE: AUDIENCE,
  ALLOWED_ORIGINS: ORIGIN,
  CONNECTIONS_PER_IP_BURST: '100',
};

/** What bends a token for bypass attempts: another secret, expiry, audience or issuer. */
export interface TokenTweak {
  secret?: string;
  exp?: string | number;
  aud?: string;
  iss?: string;
}

/** A JWT for `sub` as the identity provider would issue it, valid 5 minutes unless tweaked. */
export function token(sub: string, tweak: TokenTweak = {}): Promise<string> {
  return new SignJWT({})
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(sub)
    .setIssuedAt()
    .setIssuer(tweak.iss ?? ISSUER)
    .setAudience(tweak.aud ?? AUDIENCE)
    .setExpirationTime(tweak.exp ?? '5m')
    .sign(new TextEncoder().encode(tweak.secret ?? JWT_SECRET));
}

/**
 * A request to the relay at `base` as `user` from the app's origin (JSON when it has a body):
 * what a signed-in page sends.
 */
export async function userFetch(
  base: string,
  user: string,
  path: string,
  init: RequestInit = {},
): Promise<Response> {
  return fetch(`${base}${path}`, {
    ...init,
    headers: {
      Origin: ORIGIN,
      Authorization: `Bearer ${await token(user)}`,
      ...(init.body === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
  });
}
