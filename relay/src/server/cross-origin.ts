import type { MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';
import { isEmbedding, normalizeOrigin, type OriginKind } from '../auth/origin.ts';
import type { RelayContext } from './context.ts';

/**
 * What a page on another origin may read of the relay, by path:
 * - `ticket`: the ticket exchange (`/api/session`), a call's first request;
 * - `probe`: `/health`, which a call asks while the relay does not answer;
 * - `files`: the files a widget loads: its loader (`/widget.js`), its call (`/widget-call.js`,
 *   `/widget-call/*`: widget-call-files.ts), the app's built files
 *   (`/assets/*`: scripts, worklets; `/vad/*`: the voice detector's model and WebAssembly);
 * - `api`: the rest of the API, the app's own (history, preferences, settings…).
 */
export type CrossOriginRoute = 'ticket' | 'probe' | 'files' | 'api';

/** The paths {@link crossOrigin} is mounted on (Hono patterns). */
export const CROSS_ORIGIN_PATHS = [
  '/api/*',
  '/health',
  '/widget.js',
  '/widget-call.js',
  '/widget-call/*',
  '/assets/*',
  '/vad/*',
] as const;

/** The route of `path`, one of {@link CROSS_ORIGIN_PATHS}'. */
export function crossOriginRoute(path: string): CrossOriginRoute {
  if (path === '/api/session') return 'ticket';
  if (path === '/health') return 'probe';
  if (
    path === '/widget.js' ||
    path === '/widget-call.js' ||
    path.startsWith('/widget-call/') ||
    path.startsWith('/assets/') ||
    path.startsWith('/vad/')
  )
    return 'files';
  return 'api';
}

/**
 * Whether a page of `kind` may read the answers of `route` (CORS). The app's pages read
 * everything (the app hosted apart from its relay is on another origin); sites that embed the
 * assistant read what a call needs. Any other page reads the ticket exchange's answer only,
 * which for it is the refusal (`siteNotAllowedError`): a widget on a site not listed can show why
 * it cannot talk instead of failing as if the relay were down. Reading grants nothing: the
 * routes check the origin themselves, and no cookie is involved (`credentials` stay off).
 */
export function isReadable(kind: OriginKind, route: CrossOriginRoute): boolean {
  switch (route) {
    case 'api':
      return kind === 'app';
    case 'probe':
    case 'files':
      return kind === 'app' || isEmbedding(kind);
    case 'ticket':
      return kind !== 'none';
  }
}

/** The methods a page may use on each route. */
const METHODS: Record<CrossOriginRoute, string[]> = {
  ticket: ['POST'],
  probe: ['GET', 'HEAD'],
  files: ['GET', 'HEAD'],
  api: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
};

/** How long a browser may keep a preflight's answer (s). */
const PREFLIGHT_MAX_AGE_S = 600;

/**
 * CORS on {@link CROSS_ORIGIN_PATHS} (Hono's `cors`), by the relay's origin policy: a page the
 * policy lets read a route (see {@link isReadable}) gets `Access-Control-Allow-Origin` naming it
 * (with `Vary: Origin`) and its preflight answered with the route's methods, `Authorization`
 * and `Content-Type`; any other gets no CORS header, so its browser keeps the answer from it.
 */
export function crossOrigin(ctx: Pick<RelayContext, 'origins'>): MiddlewareHandler {
  return cors({
    origin: (origin, c) => {
      const page = normalizeOrigin(origin);
      if (page === null) return null;
      return isReadable(ctx.origins.classify(page), crossOriginRoute(c.req.path)) ? page : null;
    },
    allowMethods: (_origin, c) => METHODS[crossOriginRoute(c.req.path)],
    allowHeaders: ['Authorization', 'Content-Type'],
    exposeHeaders: ['Retry-After'],
    maxAge: PREFLIGHT_MAX_AGE_S,
  });
}

/**
 * `Cross-Origin-Resource-Policy: cross-origin` on the app's built files: an embedding page that
 * isolates itself (`Cross-Origin-Embedder-Policy: require-corp`) may load them too. They are
 * public (hashed scripts, the voice detector's model): whoever asks gets them anyway.
 */
export function filesForOtherSites(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    c.header('Cross-Origin-Resource-Policy', 'cross-origin');
  };
}
