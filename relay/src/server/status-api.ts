import type { Hono } from 'hono';
import {
  providerStatusForUsers,
  type ProviderResetResponse,
  type ReadyResponse,
  type StatusResponse,
} from '@parley/shared';
import { RelayError } from '../errors.ts';
import type { RelayContext } from './context.ts';
import { adminGuard, originGuard, userGuard, type GuardedEnv } from './guards.ts';
import type { PeerOf } from './peer.ts';

/**
 * Provider health: `GET /ready` (503 while a stage has no working provider, for load
 * balancers; what the relay serves without, though it stays ready), `GET /api/status` (every provider's state, latency and the kind of its last
 * failure, and latency against the operators' targets, for signed-in users) and
 * `POST /api/admin/providers/:id/reset` (closes a breaker; needs `ADMIN_TOKEN`; operators see the
 * last failure's scrubbed words).
 */
export function mountStatusApi(app: Hono<GuardedEnv>, ctx: RelayContext, peerOf: PeerOf): void {
  app.get('/ready', async (c) => {
    const stages = ctx.providers.readiness();
    const shared = { kind: ctx.shared.kind, ok: await ctx.shared.ping() };
    const ready = Object.values(stages).every((s) => s.ready) && shared.ok;
    return c.json(
      {
        ready,
        stages,
        warnings: ctx.providers.warnings(),
        shared,
        relayId: ctx.shared.relayId,
      } satisfies ReadyResponse,
      ready ? 200 : 503,
    );
  });

  app.get('/api/status', originGuard(ctx, peerOf), userGuard(ctx, peerOf), async (c) => {
    const targets = await ctx.latencyTargets.report();
    const stages = ctx.providers.readiness();
    c.header('Cache-Control', 'no-store');
    return c.json({
      ready: Object.values(stages).every((s) => s.ready),
      stages,
      // Signed-in users see a failure's kind and status, never a provider's words.
      providers: ctx.providers.status().map(providerStatusForUsers),
      targets,
    } satisfies StatusResponse);
  });

  app.post('/api/admin/providers/:id/reset', adminGuard(ctx), (c) => {
    const id = c.req.param('id');
    if (!ctx.providers.reset(id)) throw RelayError.notFound(`No provider has the id "${id}".`);
    void ctx.providers.monitor.probeAll();
    return c.json({ reset: id, providers: ctx.providers.status() } satisfies ProviderResetResponse);
  });
}
