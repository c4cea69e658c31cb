/**
 * The push services the relay sends to. A subscription's endpoint comes from the user's browser,
 * so the relay would POST wherever a page told it: only endpoints on this list are kept or sent
 * to (no redirect is followed either), so a user cannot point the relay at an internal address.
 */

/** The push services of the browsers people use (Chrome, Firefox, Edge, Safari). */
export const DEFAULT_PUSH_SERVICES: readonly string[] = [
  'https://fcm.googleapis.com',
  'https://updates.push.services.mozilla.com',
  'https://*.notify.windows.com',
  'https://*.push.apple.com',
];

/** One entry of the list: an origin whose host may start with `*.` (any subdomain of it). */
export interface PushService {
  protocol: 'https:' | 'http:';
  /** Lower case; without the `*.` of a wildcard. */
  host: string;
  /** Whether any subdomain of `host` matches (not `host` itself). */
  subdomains: boolean;
  /** '' for the scheme's default port. */
  port: string;
}

/**
 * Parses `PUSH_SERVICES`-style entries (`https://fcm.googleapis.com`, `https://*.push.apple.com`,
 * `http://127.0.0.1:8099`); throws naming the first that is no origin. Pure.
 */
export function parsePushServices(entries: readonly string[]): PushService[] {
  return entries.map((entry) => {
    const wildcard = /^(https?:\/\/)\*\.(.+)$/i.exec(entry);
    let url: URL;
    try {
      url = new URL(wildcard ? `${wildcard[1] ?? ''}${wildcard[2] ?? ''}` : entry);
    } catch {
      throw new Error(`"${entry}" is not an origin (e.g. https://fcm.googleapis.com)`);
    }
    const bare = url.pathname === '/' && url.search === '' && url.hash === '';
    if ((url.protocol !== 'https:' && url.protocol !== 'http:') || !bare || url.username !== '')
      throw new Error(`"${entry}" is not an origin (e.g. https://fcm.googleapis.com)`);
    return {
      protocol: url.protocol,
      host: url.hostname.toLowerCase(),
      subdomains: wildcard !== null,
      port: url.port,
    };
  });
}

/** Whether the relay may send to `endpoint`: on one of `services`, with no credentials. Pure. */
export function isAllowedEndpoint(endpoint: string, services: readonly PushService[]): boolean {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return false;
  }
  if (url.username !== '' || url.password !== '') return false;
  const host = url.hostname.toLowerCase();
  return services.some(
    (s) =>
      s.protocol === url.protocol &&
      s.port === url.port &&
      (s.subdomains ? host.endsWith(`.${s.host}`) : host === s.host),
  );
}
