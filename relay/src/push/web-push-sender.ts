import webPush from 'web-push';
import type { PushMessage } from '@parley/shared';
import type { PushSubscriptionRecord } from '../storage/index.ts';
import type { VapidKeys } from './push-config.ts';
import { isAllowedEndpoint, type PushService } from './push-services.ts';

/** What became of one push. */
export type PushOutcome =
  /** The push service took it (2xx): it delivers it when the browser is reachable. */
  | { kind: 'sent'; status: number }
  /** The subscription is no more (404, 410): it is forgotten. */
  | { kind: 'gone'; status: number }
  /** Any other answer (413 too large, 429 slow down, 400/403 a key refused, 5xx). */
  | { kind: 'refused'; status: number }
  /** No answer (network, timeout) or a redirect, which is never followed. */
  | { kind: 'failed'; reason: string }
  /** Its endpoint is on no push service the relay sends to: nothing was sent. */
  | { kind: 'not-allowed' };

/** Sends one push to one browser. */
export type PushSend = (sub: PushSubscriptionRecord, message: PushMessage) => Promise<PushOutcome>;

export interface WebPushSenderOptions {
  keys: VapidKeys;
  /** The VAPID token's `sub`. */
  subject: string;
  services: readonly PushService[];
  /** How long the push service keeps it for a browser that is offline (s). */
  ttlS: number;
  /** Longest a push service may take to answer (ms). */
  timeoutMs: number;
}

/**
 * Web Push (RFC 8030) with the payload encrypted for the browser (RFC 8291, aes128gcm) and a
 * VAPID token (RFC 8292), made by the `web-push` library; sent with `fetch` (its own client
 * speaks https only, and follows nothing we could bound), to allowed endpoints only.
 */
export function webPushSender(options: WebPushSenderOptions): PushSend {
  return async (sub, message) => {
    if (!isAllowedEndpoint(sub.endpoint, options.services)) return { kind: 'not-allowed' };
    const details = webPush.generateRequestDetails(
      { endpoint: sub.endpoint, keys: { p256dh: sub.p256dh, auth: sub.auth } },
      JSON.stringify(message),
      {
        vapidDetails: {
          subject: options.subject,
          publicKey: options.keys.publicKey,
          privateKey: options.keys.privateKey,
        },
        TTL: options.ttlS,
        // A reminder is for now: a phone saving its battery still wakes for it.
        urgency: 'high',
        contentEncoding: 'aes128gcm',
      },
    );
    const headers = new Headers();
    for (const [name, value] of Object.entries(details.headers))
      // fetch counts the body itself.
      if (name.toLowerCase() !== 'content-length') headers.set(name, value);
    let res: Response;
    try {
      res = await fetch(details.endpoint, {
        method: details.method,
        headers,
        body: details.body,
        redirect: 'error',
        signal: AbortSignal.timeout(options.timeoutMs),
      });
    } catch (err) {
      return { kind: 'failed', reason: err instanceof Error ? err.message : String(err) };
    }
    await res.body?.cancel();
    if (res.ok) return { kind: 'sent', status: res.status };
    if (res.status === 404 || res.status === 410) return { kind: 'gone', status: res.status };
    return { kind: 'refused', status: res.status };
  };
}
