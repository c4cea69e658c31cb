import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context, Hono, MiddlewareHandler } from 'hono';
import { isLoopbackHost } from '../auth/loopback.ts';
import { RelayError } from '../errors.ts';
import type { RelayContext } from './context.ts';
import { staticBearer, type GuardedEnv } from './guards.ts';

/** Headers a reverse proxy adds: a request carrying one came from elsewhere. */
const FORWARDING_HEADERS = ['forwarded', 'x-forwarded-for', 'x-real-ip'] as const;

/**
 * A request from this machine, addressed to this machine: the socket's peer is a loopback
 * address (never X-Forwarded-For, whatever TRUST_PROXY says), no proxy forwarded it, and its
 * Host is a loopback name — so a web page that rebinds its DNS name to 127.0.0.1 is refused.
 */
function isLocalRequest(c: Context): boolean {
  if (FORWARDING_HEADERS.some((h) => c.req.header(h) !== undefined)) return false;
  const address = getConnInfo(c).remote.address ?? '';
  if (!isLoopbackHost(address)) return false;
  const host = c.req.header('host') ?? '';
  const hostname = host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.split(':')[0];
  return isLoopbackHost(hostname ?? '');
}

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
