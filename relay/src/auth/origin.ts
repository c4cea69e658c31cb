import { isLoopbackHost } from './loopback.ts';

/** Port of the Vite dev server, whose proxy forwards the page's Origin to the relay. */
const VITE_DEV_PORT = 5173;

/**
 * The serialised origin (`scheme://host[:port]`, lower-case, default port dropped) of an http(s)
 * origin, or null when `value` is not one (a path, query, credentials, another scheme, "null").
 */
export function normalizeOrigin(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  if (url.username !== '' || url.password !== '') return null;
  if (url.pathname !== '/' || url.search !== '' || url.hash !== '') return null;
  return url.origin;
}

/**
 * Whether `origin` (a request's `Origin` header) names exactly one of `allowed`. No header
 * (`undefined`) passes: a non-browser client (see {@link OriginKind}). The opaque origin
 * `"null"` (sandboxed frames, `file:`), an empty value and anything unparsable do not.
 */
export function isOriginAllowed(origin: string | undefined, allowed: readonly string[]): boolean {
  if (origin === undefined) return true;
  const normalized = normalizeOrigin(origin);
  if (normalized === null) return false;
  return allowed.some((a) => normalizeOrigin(a) === normalized);
}

/**
 * Origins a dev-mode relay on loopback `port` accepts by default: its own page under each
 * loopback name, plus the Vite dev server.
 */
export function devDefaultOrigins(port: number): string[] {
  const origins = [
    `http://localhost:${port}`,
    `http://127.0.0.1:${port}`,
    `http://[::1]:${port}`,
    `http://localhost:${VITE_DEV_PORT}`,
    `http://127.0.0.1:${VITE_DEV_PORT}`,
  ];
  return [...new Set(origins)];
}

/**
 * Who may call the relay from a browser page, by the page's origin (every list normalised):
 * one policy for the API, the WebSocket upgrade and the files a page fetches cross-origin.
 */
export interface OriginPolicy {
  /** The app's own pages (`ALLOWED_ORIGINS`, or the dev defaults): the whole API. */
  readonly app: readonly string[];
  /** Sites that embed the assistant (`EMBED_ORIGINS`): the ticket exchange and the WebSocket. */
  readonly embed: readonly string[];
  /** Dev mode with `EMBED_ORIGINS` unset: any loopback page may embed the assistant. */
  readonly loopbackEmbeds: boolean;
}

/**
 * What a request's `Origin` header makes its page:
 * - `none`: no header, a non-browser client (the terminal client), which an origin check cannot
 *   stop anyway (browsers send one on upgrades and on every cross-origin or non-GET request);
 * - `app`: one of the app's own origins;
 * - `embed`: a site listed to embed the assistant;
 * - `loopback-embed`: a page on this machine, embedding in dev mode ({@link OriginPolicy});
 * - `foreign`: anything else, the opaque origin `"null"`, an empty or unparsable value included.
 */
export type OriginKind = 'none' | 'app' | 'embed' | 'loopback-embed' | 'foreign';

/**
 * What a route serves, and so which pages may use it: `app` (the app's own API: history,
 * preferences, settings…) or `embed` (what a call needs: the ticket exchange, the WebSocket).
 */
export type OriginScope = 'app' | 'embed';

/** Classifies `origin` (a request's `Origin` header, undefined when absent) under `policy`. */
export function classifyOrigin(origin: string | undefined, policy: OriginPolicy): OriginKind {
  if (origin === undefined) return 'none';
  const normalized = normalizeOrigin(origin);
  if (normalized === null) return 'foreign';
  if (isOriginAllowed(normalized, policy.app)) return 'app';
  if (isOriginAllowed(normalized, policy.embed)) return 'embed';
  if (policy.loopbackEmbeds && isLoopbackHost(new URL(normalized).hostname))
    return 'loopback-embed';
  return 'foreign';
}

/** Whether a page of `kind` is a site's page that embeds the assistant (not the app's own). */
export function isEmbedding(kind: OriginKind): boolean {
  return kind === 'embed' || kind === 'loopback-embed';
}

/** Whether a page of `kind` may use a route of `scope`. */
export function isAdmitted(kind: OriginKind, scope: OriginScope): boolean {
  switch (kind) {
    case 'none':
    case 'app':
      return true;
    case 'embed':
    case 'loopback-embed':
      return scope === 'embed';
    case 'foreign':
      return false;
  }
}

/**
 * The origin policy to enforce once the relay listens on `port`: the configured lists, or in dev
 * mode, for a list not configured, {@link devDefaultOrigins} for the app and any loopback page
 * as an embedder.
 */
export function resolveOriginPolicy(
  config: {
    readonly mode: 'dev' | 'jwt';
    readonly allowedOrigins: readonly string[] | null;
    readonly embedOrigins: readonly string[] | null;
  },
  port: number,
): OriginPolicy {
  return {
    app: config.allowedOrigins ?? devDefaultOrigins(port),
    embed: config.embedOrigins ?? [],
    loopbackEmbeds: config.mode === 'dev' && config.embedOrigins === null,
  };
}
