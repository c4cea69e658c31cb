import type { Hono } from 'hono';
import type { SessionDetail, SessionList, TicketResponse } from '@parley/shared';
import { assertOriginAllowed } from '../auth/index.ts';
import { RelayError } from '../errors.ts';
import { connectionsTooFast } from '../limits/limit-errors.ts';
import { endSession } from '../session/handshake.ts';
import type { SessionSummary } from '../storage/index.ts';
import type { RelayContext } from './context.ts';
import type { PeerOf } from './peer.ts';

const summary = (s: SessionSummary) => ({
  id: s.id,
  startedAt: s.startedAt,
  endedAt: s.endedAt,
  durationMs: s.durationMs,
  closeReason: s.closeReason,
  costMicros: s.costMicros,
  turnCount: s.turnCount,
  title: s.title,
});

/**
 * `POST /api/session` (a single-use WebSocket ticket for the bearer of a valid token) and the
 * user's own history: `GET /api/sessions`, `GET` and `DELETE /api/sessions/:id`. Another
 * user's session is "not found", never "forbidden": existence does not leak.
 */
export function mountSessionsApi(app: Hono, ctx: RelayContext, peerOf: PeerOf): void {
  app.post('/api/session', async (c) => {
    const peer = peerOf(c);
    assertOriginAllowed(peer.origin, ctx.allowedOrigins());
    const rate = await ctx.limits.connectionsPerIp.tryTake(peer.ip);
    if (!rate.ok) throw connectionsTooFast(rate.retryAfterMs);
    const identity = await ctx.authenticator.authenticate(c.req.header('authorization'));
    const { ticket, expiresAtMs } = await ctx.tickets.issue(identity, { origin: peer.origin });
    c.header('Cache-Control', 'no-store');
    return c.json({ ticket, expiresAtMs, userId: identity.userId } satisfies TicketResponse);
  });

  app.get('/api/sessions', async (c) => {
    assertOriginAllowed(peerOf(c).origin, ctx.allowedOrigins());
    const identity = await ctx.authenticator.authenticate(c.req.header('authorization'));
    const limit = Number(c.req.query('limit') ?? 20);
    const before = c.req.query('before');
    if (!Number.isInteger(limit) || limit < 1 || limit > 100)
      throw RelayError.badMessage('limit must be a whole number from 1 to 100.');
    if (before !== undefined && !/^\d{1,15}$/.test(before))
      throw RelayError.badMessage('before must be an epoch-ms time.');
    const page = await ctx.storage.sessions.list(identity.userId, {
      limit,
      ...(before === undefined ? {} : { before: Number(before) }),
    });
    c.header('Cache-Control', 'no-store');
    return c.json({
      sessions: page.sessions.map(summary),
      nextBefore: page.nextBefore,
    } satisfies SessionList);
  });

  app.get('/api/sessions/:id', async (c) => {
    assertOriginAllowed(peerOf(c).origin, ctx.allowedOrigins());
    const identity = await ctx.authenticator.authenticate(c.req.header('authorization'));
    const s = await ctx.storage.sessions.get(identity.userId, c.req.param('id'));
    if (!s) throw RelayError.notFound('No such conversation.');
    c.header('Cache-Control', 'no-store');
    return c.json({
      ...summary(s),
      turns: s.turns.map((t) => ({
        turnId: t.turnId,
        userText: t.userText,
        assistantText: t.assistantText,
        status: t.status,
        costMicros: t.costMicros,
        createdAt: t.createdAt,
      })),
    } satisfies SessionDetail);
  });

  app.delete('/api/sessions/:id', async (c) => {
    assertOriginAllowed(peerOf(c).origin, ctx.allowedOrigins());
    const identity = await ctx.authenticator.authenticate(c.req.header('authorization'));
    const id = c.req.param('id');
    const live = ctx.registry.get(id);
    if (live?.userId === identity.userId) {
      ctx.registry.remove(id);
      await endSession(ctx, live, 'deleted by its user');
    } else if (
      ctx.shared.kind !== 'memory' &&
      (await ctx.storage.sessions.get(identity.userId, id))
    ) {
      // Live on another relay, perhaps: it saves the session and lets go before it is deleted.
      const held = await ctx.shared.ownership.acquire(id);
      try {
        if (!(await ctx.storage.sessions.delete(identity.userId, id)))
          throw RelayError.notFound('No such conversation.');
      } finally {
        if (held) await ctx.shared.ownership.release(id);
      }
      return c.body(null, 204);
    }
    if (!(await ctx.storage.sessions.delete(identity.userId, id)))
      throw RelayError.notFound('No such conversation.');
    return c.body(null, 204);
  });
}
