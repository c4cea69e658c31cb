import { pushConfigResponse, type PushSubscriptionBody } from '@parley/shared';
import { callApi, required } from './api.ts';

/** The relay's VAPID public key; null when it sends no notifications. */
export async function fetchPushKey(): Promise<string | null> {
  return (await required(callApi('GET', '/api/push', pushConfigResponse))).publicKey;
}

/** Hands the relay this browser's push subscription (reminders while the app is closed). */
export async function saveSubscription(sub: PushSubscriptionBody): Promise<void> {
  await callApi('PUT', '/api/push/subscription', null, { json: sub });
}

/** The relay forgets this browser's subscription. */
export async function forgetSubscription(endpoint: string): Promise<void> {
  await callApi('DELETE', '/api/push/subscription', null, { json: { endpoint } });
}
