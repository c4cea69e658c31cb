import type { MiddlewareHandler } from 'hono';
import { foreignHost, isHostServed, servedHostnames } from '../auth/host.ts';
import type { RelayContext } from './context.ts';

/**
 * Paths answered whatever the `Host`: load balancers' and Kubernetes' probes (`/health`,
 * `/ready`) and Prometheus (`/metrics`) address a relay by its IP, and none of them holds a
 * user's data (`/metrics` has its own guard: this machine, or `METRICS_TOKEN`).
 */
const ANY_HOST_PATHS: ReadonlySet<string> = new Set(['/health', '/ready', '/metrics']);

/**
 * Refuses (421) a request sent to a name the relay does not answer for: every route but the
 * probes, the WebSocket upgrade included. A page that rebinds its DNS name to the relay's
 * address (DNS rebinding) reaches it with that name in `Host`, and is refused here, before any
 * route looks at it. The names are loopback ones, the allowed origins' and `ALLOWED_HOSTS`
 * (known once the port is, so computed on first use).
 */
export function hostGuard(ctx: Pick<RelayContext, 'origins' | 'allowedHosts'>) {
  let served: { origins: readonly string[]; names: ReadonlySet<string> } | null = null;
  const guard: MiddlewareHandler = async (c, next) => {
    if (!ANY_HOST_PATHS.has(c.req.path)) {
      const origins = ctx.origins.policy().app;
      if (served?.origins !== origins)
        served = { origins, names: servedHostnames(origins, ctx.allowedHosts) };
      if (!isHostServed(c.req.header('host'), served.names)) throw foreignHost();
    }
    await next();
  };
  return guard;
}
