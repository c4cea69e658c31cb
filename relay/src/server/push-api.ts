import type { Hono } from 'hono';
import { pushSubscriptionBody, pushUnsubscribeBody, type PushConfigResponse } from '@parley/shared';
import { RelayError } from '../errors.ts';
import { isAllowedEndpoint } from '../push/push-services.ts';
import type { RelayContext } from './context.ts';
import { originGuard, userGuard, type GuardedEnv } from './guards.ts';
import type { PeerOf } from './peer.ts';
import { parseBody } from './request-input.ts';

/**
 * Reminders while the app is closed: the relay's VAPID public key (`GET /api/push`), and the
 * caller's browser subscribed (`PUT /api/push/subscription`) or no more (`DELETE`). A
 * subscription must point at a push service the relay sends to (`PUSH_SERVICES`).
 */
export function mountPushApi(app: Hono<GuardedEnv>, ctx: RelayContext, peerOf: PeerOf): void {
  const origin = originGuard(ctx, peerOf);
  const user = userGuard(ctx, peerOf);
  const pushing = () => {
    if (ctx.push.publicKey === null)
      throw RelayError.notFound('This relay sends no notifications.');
  };

  app.get('/api/push', origin, user, (c) => {
    c.header('Cache-Control', 'no-store');
    return c.json({ publicKey: ctx.push.publicKey } satisfies PushConfigResponse);
  });

  app.put('/api/push/subscription', origin, user, async (c) => {
    pushing();
    const sub = parseBody(await c.req.text(), pushSubscriptionBody, 'A push subscription is JSON.');
    if (!isAllowedEndpoint(sub.endpoint, ctx.push.services))
      throw RelayError.forbidden('This relay does not send to that push service.');
    const { userId } = c.get('identity');
    await ctx.storage.pushSubscriptions.save(userId, {
      endpoint: sub.endpoint,
      p256dh: sub.keys.p256dh,
      auth: sub.keys.auth,
    });
    // A reminder that came due meanwhile is pushed now, not at the next poll.
    ctx.push.wake();
    return c.body(null, 204);
  });

  app.delete('/api/push/subscription', origin, user, async (c) => {
    const { endpoint } = parseBody(
      await c.req.text(),
      pushUnsubscribeBody,
      'Name the subscription as JSON.',
    );
    if (!(await ctx.storage.pushSubscriptions.remove(c.get('identity').userId, endpoint)))
      throw RelayError.notFound('No such subscription.');
    return c.body(null, 204);
  });
}
