import type { Hono, MiddlewareHandler } from 'hono';
import { zValidator } from '@hono/zod-validator';
import {
  renameSessionRequest,
  sessionListQuery,
  sessionMetricsOf,
  type SessionDetail,
  type SessionList,
  type SessionSummary as SummaryBody,
  type TicketResponse,
} from '@parley/shared';
import { RelayError } from '../errors.ts';
import { connectionsTooFast } from '../limits/limit-errors.ts';
import { endSession } from '../session/handshake.ts';
import type { SessionSummary } from '../storage/index.ts';
import type { RelayContext } from './context.ts';
import { validQuery } from './request-input.ts';
import { originGuard, userGuard, type GuardedEnv } from './guards.ts';
import type { PeerOf } from './peer.ts';

const summary = (s: SessionSummary): SummaryBody => ({
  id: s.id,
  startedAt: s.startedAt,
  endedAt: s.endedAt,
  durationMs: s.durationMs,
  closeReason: s.closeReason,
  costMicros: s.costMicros,
  turnCount: s.turnCount,
  title: s.title,
  metrics: s.metrics,
});

/**
 * `POST /api/session` (a single-use WebSocket ticket for the bearer of a valid token) and the
 * user's own history: `GET /api/sessions` (a page, or those that mention `q`), `GET`, `PATCH`
 * (rename) and `DELETE /api/sessions/:id`. Another
 * user's session is "not found", never "forbidden": existence does not leak.
 */
export function mountSessionsApi(app: Hono<GuardedEnv>, ctx: RelayContext, peerOf: PeerOf): void {
  const origin = originGuard(ctx, peerOf);
  const user = userGuard(ctx, peerOf);
  // Tickets open sockets: they count against the same per-IP rate as the sockets themselves.
  const ipRate: MiddlewareHandler = async (c, next) => {
    const rate = await ctx.limits.connectionsPerIp.tryTake(peerOf(c).ip);
    if (!rate.ok) throw connectionsTooFast(rate.retryAfterMs);
    await next();
  };

  // A full relay says so to the browser here: a refused upgrade's answer is hidden from pages.
  const cap: MiddlewareHandler = async (_c, next) => {
    ctx.connectionCap.admit();
    await next();
  };

  // What a call needs: sites that embed the assistant get tickets too.
  const embedding = originGuard(ctx, peerOf, 'embed');
  app.post('/api/session', embedding, cap, ipRate, user, async (c) => {
    const identity = c.get('identity');
    const { ticket, expiresAtMs } = await ctx.tickets.issue(identity, {
      origin: peerOf(c).origin,
    });
    c.header('Cache-Control', 'no-store');
    return c.json({ ticket, expiresAtMs, userId: identity.userId } satisfies TicketResponse);
  });

  app.get('/api/sessions', origin, user, validQuery(sessionListQuery), async (c) => {
    const { limit, before, q } = c.req.valid('query');
    const page = await ctx.storage.sessions.list(c.get('identity').userId, {
      limit,
      ...(before === undefined ? {} : { before }),
      ...(q === undefined ? {} : { containing: q }),
    });
    c.header('Cache-Control', 'no-store');
    return c.json({
      sessions: page.sessions.map(summary),
      nextBefore: page.nextBefore,
    } satisfies SessionList);
  });

  app.get('/api/sessions/:id', origin, user, async (c) => {
    const s = await ctx.storage.sessions.get(c.get('identity').userId, c.req.param('id'));
    if (!s) throw RelayError.notFound('No such conversation.');
    c.header('Cache-Control', 'no-store');
    return c.json({
      ...summary(s),
      // None stored (open, or ended before summaries were kept): its turns so far.
      metrics:
        s.metrics ??
        sessionMetricsOf(s.turns.map((t) => ({ ...t, recognised: t.providers.asr !== undefined }))),
      turns: s.turns.map((t) => ({
        turnId: t.turnId,
        userText: t.userText,
        assistantText: t.assistantText,
        status: t.status,
        interrupted: t.interrupted,
        costMicros: t.costMicros,
        createdAt: t.createdAt,
        ...(t.toolCalls ? { toolCalls: t.toolCalls } : {}),
      })),
    } satisfies SessionDetail);
  });

  app.patch(
    '/api/sessions/:id',
    origin,
    user,
    zValidator('json', renameSessionRequest, (result) => {
      if (!result.success)
        throw RelayError.badMessage(result.error.issues[0]?.message ?? 'Invalid body.');
    }),
    async (c) => {
      const { title } = c.req.valid('json');
      const renamed = await ctx.storage.sessions.rename(
        c.get('identity').userId,
        c.req.param('id'),
        title,
      );
      if (!renamed) throw RelayError.notFound('No such conversation.');
      c.header('Cache-Control', 'no-store');
      return c.json(summary(renamed));
    },
  );

  app.delete('/api/sessions/:id', origin, user, async (c) => {
    const identity = c.get('identity');
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
