import { RelayError } from '../errors.ts';

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
 * Origin policy for browser requests (WebSocket upgrade, `POST /api/session`).
 *
 * - No Origin header (`undefined`): allowed. Browsers always send one on upgrades and POSTs, so
 *   this is a non-browser client (the headless CLI), which an origin check cannot stop anyway.
 * - Otherwise allowed only when it names exactly one of `allowed`. The opaque origin `"null"`
 *   (sandboxed frames, `file:`), an empty value and anything unparsable are refused.
 */
export function isOriginAllowed(origin: string | undefined, allowed: readonly string[]): boolean {
  if (origin === undefined) return true;
  const normalized = normalizeOrigin(origin);
  if (normalized === null) return false;
  return allowed.some((a) => normalizeOrigin(a) === normalized);
}

/**
 * Throws `RelayError.forbidden` (HTTP 403, close 4403) unless {@link isOriginAllowed}. For the
 * `/ws` upgrade and `POST /api/session` handlers.
 */
export function assertOriginAllowed(origin: string | undefined, allowed: readonly string[]): void {
  if (isOriginAllowed(origin, allowed)) return;
  throw RelayError.forbidden(
    'This page is not allowed to use this relay. Open the app from its own address, or add the ' +
      "page's origin to ALLOWED_ORIGINS.",
  );
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
 * The allowed origins to enforce once the relay listens on `port`: the configured list, or in
 * dev mode when none was configured, {@link devDefaultOrigins}.
 */
export function resolveAllowedOrigins(
  config: { readonly allowedOrigins: readonly string[] | null },
  port: number,
): readonly string[] {
  return config.allowedOrigins ?? devDefaultOrigins(port);
}
