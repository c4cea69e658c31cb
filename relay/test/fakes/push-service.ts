import { createECDH, randomBytes, randomUUID, type ECDH } from 'node:crypto';
import ece from 'http_ece';
import { importJWK, jwtVerify, type JWTPayload } from 'jose';
import type { PushSubscriptionBody } from '@parley/shared';
import { startFakeHttp, type FakeHttpServer } from './fake-http.ts';

/** A push as the browser would get it: decrypted, with the VAPID token the relay signed it with. */
export interface DeliveredPush {
  endpoint: string;
  /** The payload, decrypted with the subscription's keys (RFC 8291). */
  text: string;
  /** The VAPID token's claims, verified with the key it names (RFC 8292). */
  claims: JWTPayload;
  /** The VAPID public key the relay sent (`k=`), base64url. */
  vapidKey: string;
  /** `TTL` and `Urgency` as sent (RFC 8030). */
  ttl: string | undefined;
  urgency: string | undefined;
}

/** A browser's subscription on the fake: what the page hands the relay, and its private key. */
export interface FakeSubscription {
  body: PushSubscriptionBody;
  endpoint: string;
  /** The browser's key pair: the test decrypts what a push carries with it (see the e2e spec). */
  ecdh: ECDH;
  auth: string;
}

export interface FakePushService extends FakeHttpServer {
  /** A new browser's subscription on this service (RFC 8291 keys made here). */
  subscribe(): FakeSubscription;
  /** The pushes taken (2xx), decrypted and with a VAPID token that verified. */
  delivered: DeliveredPush[];
  /** Pushes refused, with why (a bad token, undecryptable, a gone subscription). */
  refused: { endpoint: string; status: number; why: string }[];
  /** Subscriptions the service says are gone: a push to one is answered 410. */
  gone: Set<string>;
}

const b64 = (bytes: Buffer) => bytes.toString('base64url');

/**
 * A push service on loopback speaking the Web Push protocol as browsers' services do: it takes
 * `POST <endpoint>` with an aes128gcm body (RFC 8188/8291) and a `vapid t=…, k=…` authorization
 * (RFC 8292), verifies the token (ES256 by `k`, `aud` this origin, `exp` within a day), decrypts
 * the body with the subscription's private key and answers 201 — or 410 for a subscription it
 * was told is gone, 403 for a token that does not verify, 400 for a body it cannot decrypt.
 */
export async function startFakePushService(): Promise<FakePushService> {
  const keys = new Map<string, { ecdh: ECDH; auth: string }>();
  const delivered: DeliveredPush[] = [];
  const refused: FakePushService['refused'] = [];
  const gone = new Set<string>();
  const http = await startFakeHttp(async (req, res) => {
    const endpoint = `${http.url}${req.path}`;
    const refuse = (status: number, why: string) => {
      refused.push({ endpoint, status, why });
      res.writeHead(status).end(why);
    };
    const sub = keys.get(req.path);
    if (req.method !== 'POST' || !sub) return refuse(404, 'no such subscription');
    if (gone.has(endpoint)) return refuse(410, 'subscription expired');
    const auth = /^vapid t=([^,\s]+),\s*k=([\w-]+)$/.exec(req.headers.authorization ?? '');
    if (!auth?.[1] || !auth[2]) return refuse(401, 'no vapid authorization');
    const [, token, k] = auth;
    let claims: JWTPayload;
    try {
      const raw = Buffer.from(k, 'base64url');
      if (raw.length !== 65 || raw[0] !== 4) throw new Error('k is no P-256 point');
      const key = await importJWK(
        { kty: 'EC', crv: 'P-256', x: b64(raw.subarray(1, 33)), y: b64(raw.subarray(33)) },
        'ES256',
      );
      ({ payload: claims } = await jwtVerify(token, key, {
        algorithms: ['ES256'],
        audience: new URL(http.url).origin,
        requiredClaims: ['exp'],
      }));
      if (typeof claims.exp !== 'number' || claims.exp > Date.now() / 1000 + 86_400)
        throw new Error('exp more than a day ahead');
      if (!/^(mailto:|https:)/.test(String(claims.sub))) throw new Error('sub is no contact');
    } catch (err) {
      return refuse(403, `vapid: ${(err as Error).message}`);
    }
    if (req.headers['content-encoding'] !== 'aes128gcm') return refuse(400, 'not aes128gcm');
    let text: string;
    try {
      text = ece
        .decrypt(req.body, { version: 'aes128gcm', privateKey: sub.ecdh, authSecret: sub.auth })
        .toString('utf8');
    } catch (err) {
      return refuse(400, `cannot decrypt: ${(err as Error).message}`);
    }
    delivered.push({
      endpoint,
      text,
      claims,
      vapidKey: k,
      ttl: req.headers.ttl as string | undefined,
      urgency: req.headers.urgency as string | undefined,
    });
    res.writeHead(201, { Location: `${endpoint}/messages/${randomUUID()}` }).end();
  });
  return Object.assign(http, {
    delivered,
    refused,
    gone,
    subscribe(): FakeSubscription {
      const path = `/push/${randomUUID()}`;
      const ecdh = createECDH('prime256v1');
      ecdh.generateKeys();
      const auth = b64(randomBytes(16));
      keys.set(path, { ecdh, auth });
      const endpoint = `${http.url}${path}`;
      return {
        endpoint,
        ecdh,
        auth,
        body: {
          endpoint,
          expirationTime: null,
          keys: { p256dh: b64(ecdh.getPublicKey()), auth },
        },
      };
    },
  });
}
