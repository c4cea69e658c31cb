import { SignJWT } from 'jose';
import { afterAll, beforeAll } from 'vitest';
import { TalkClient, type TalkClientOptions, type TurnRecord } from '../src/talk/client.ts';
import { startTestRelay, type TestRelay } from './harness.ts';

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

/** A describe block's jwt-mode relay, and its signed-in users' conversations and requests. */
export interface SignedInRelay {
  readonly relay: TestRelay;
  /**
   * A conversation of `user`'s from the app's origin, in the relay's time zone, its hello saying
   * `options` too (e.g. `language`); closed after the block's last test.
   */
  connect: (user: string, options?: TalkClientOptions) => Promise<TalkClient>;
  /** {@link userFetch} at this relay. */
  api: (user: string, path: string, init?: RequestInit) => Promise<Response>;
}

/**
 * For a describe block: a relay of {@link JWT_RELAY}'s (many new sessions a minute: every user
 * comes from 127.0.0.1) started before its tests, whose users talk from `timeZone`; closed,
 * with every conversation opened through it, after the last.
 */
export function useSignedInRelay(
  timeZone: string,
  env: Record<string, string> = {},
): SignedInRelay {
  let relay: TestRelay | undefined;
  const clients: TalkClient[] = [];
  const running = () => {
    if (!relay) throw new Error('the relay is started in beforeAll');
    return relay;
  };
  beforeAll(async () => {
    relay = await startTestRelay({ ...JWT_RELAY, NEW_SESSIONS_PER_MINUTE: '100', ...env });
  });
  afterAll(async () => {
    for (const c of clients) c.close();
    await relay?.close();
  });
  return {
    get relay() {
      return running();
    },
    connect: async (user, options = {}) => {
      const client = await TalkClient.connect(running().wsUrl, {
        token: await token(user),
        origin: ORIGIN,
        timeZone,
        ...options,
      });
      clients.push(client);
      return client;
    },
    api: (user, path, init = {}) => userFetch(running().url, user, path, init),
  };
}

/** Types `text` as `client`'s next turn (answered as text, not spoken); resolves once it is done. */
export async function typedTurn(client: TalkClient, text: string): Promise<TurnRecord> {
  const turnId = Math.max(0, ...client.turns.keys()) + 1;
  client.send({ type: 'user.text', turnId, text, speak: false });
  return client.waitForTurn(turnId);
}

/** Types `lines` as `client`'s next turns, one after the other's reply: the replies. */
export async function typedReplies(client: TalkClient, ...lines: string[]): Promise<string[]> {
  const replies: string[] = [];
  for (const text of lines) replies.push((await typedTurn(client, text)).replyText);
  return replies;
}
