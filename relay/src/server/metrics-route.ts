import type { Hono, MiddlewareHandler } from 'hono';
import { RelayError } from '../errors.ts';
import type { RelayContext } from './context.ts';
import { staticBearer, type GuardedEnv } from './guards.ts';
import { isLocalRequest } from './local-request.ts';

/**
 * `GET /metrics`: the relay's Prometheus metrics (text exposition format), on the relay's own
 * port.
 *
 * Access:
 * - With `METRICS_TOKEN` set, only `Authorization: Bearer <METRICS_TOKEN>` gets them (401
 *   otherwise, from anywhere, loopback included); compared in constant time.
 * - Without it, only local requests do: a loopback peer, no proxy forwarding header, and a
 *   loopback `Host` (403 otherwise). Behind a reverse proxy on the same machine that does not
 *   add `X-Forwarded-For`, every request looks local: set `METRICS_TOKEN` there (or do not
 *   route `/metrics` through the proxy).
 *
 * Metrics carry no user ids, session ids or secrets: only counts, latencies and provider ids.
 */
export function mountMetricsRoute(app: Hono<GuardedEnv>, ctx: RelayContext): void {
  const token = ctx.settings.metricsToken;
  const guard: MiddlewareHandler =
    token === undefined
      ? async (c, next) => {
          if (!isLocalRequest(c))
            throw RelayError.forbidden(
              'Metrics are served to this machine only; set METRICS_TOKEN to scrape from elsewhere.',
            );
          await next();
        }
      : staticBearer(token, 'the metrics token', 'metrics');
  app.get('/metrics', guard, async (c) => {
    const body = await ctx.metrics.scrape();
    c.header('Content-Type', ctx.metrics.contentType);
    c.header('Cache-Control', 'no-store');
    return c.body(body, 200);
  });
}
