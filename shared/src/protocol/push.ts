import { z } from 'zod';
import { reminderItem } from './tools.ts';

/**
 * Reminders while the app is in the background or closed (issue 65): the browser's Web Push
 * subscription as the page hands it to the relay, the relay's public VAPID key, and what a push
 * carries (encrypted end to end, RFC 8291: the push service sees none of it).
 */

/** A base64url string, as the Push API gives keys (padding, which some browsers add, allowed). */
const base64url = z.string().regex(/^[\w-]+={0,2}$/, 'base64url');

/**
 * `GET /api/push`: the relay's VAPID public key (the page subscribes with it as its
 * `applicationServerKey`), or null when this relay pushes nothing (a cluster with no shared key).
 */
export const pushConfigResponse = z.strictObject({
  publicKey: base64url.max(200).nullable(),
});
export type PushConfigResponse = z.infer<typeof pushConfigResponse>;

/**
 * `PUT /api/push/subscription`: this browser's subscription (`PushSubscription.toJSON()`, the
 * fields the relay keeps). Its endpoint must be one of the push services the relay sends to.
 */
export const pushSubscriptionBody = z.strictObject({
  endpoint: z.url({ protocol: /^https?$/ }).max(1_000),
  /** Ignored: push services say when a subscription is gone (404, 410). */
  expirationTime: z.number().nullable().optional(),
  keys: z.strictObject({
    /** The browser's P-256 public key (65 bytes, uncompressed). */
    p256dh: base64url.min(87).max(88),
    /** The browser's authentication secret (16 bytes). */
    auth: base64url.min(22).max(24),
  }),
});
export type PushSubscriptionBody = z.infer<typeof pushSubscriptionBody>;

/** `DELETE /api/push/subscription`: forget this browser's subscription. */
export const pushUnsubscribeBody = z.strictObject({ endpoint: z.string().min(1).max(1_000) });
export type PushUnsubscribeBody = z.infer<typeof pushUnsubscribeBody>;

/** A push of a reminder that came due with no page of the user's ringing it. */
export const reminderPush = z.strictObject({
  type: z.literal('reminder'),
  reminder: reminderItem,
});

/** What a Web Push from the relay carries, decrypted by the browser for the service worker. */
export const pushMessage = z.discriminatedUnion('type', [reminderPush]);
export type PushMessage = z.infer<typeof pushMessage>;
