import { RelayError } from '../errors.ts';
import { isLoopbackHost } from './loopback.ts';

/** Characters no `Host` header of a real request holds (they would make it a URL, not a host). */
const NOT_A_HOST = /[/?#@\\\s]/;

/**
 * The host name of a `Host` header (`chat.example.com:443` → `chat.example.com`, `[::1]:8787` →
 * `[::1]`), normalised as a URL's hostname is (lower case, `127.1` → `127.0.0.1`), or null when
 * it is missing or not a host (`a@b`, a path, a space).
 */
export function hostnameOf(host: string | undefined): string | null {
  if (host === undefined || host === '' || NOT_A_HOST.test(host)) return null;
  try {
    return new URL(`http://${host}`).hostname;
  } catch {
    return null;
  }
}

/**
 * The host names a relay answers for besides loopback ones: those of its allowed origins (the
 * page and the relay on one name, the default setup) and `extra` (`ALLOWED_HOSTS`: the relay on
 * a name of its own, e.g. the app on a CDN and the relay at `relay.example.com`).
 */
export function servedHostnames(
  allowedOrigins: readonly string[],
  extra: readonly string[],
): ReadonlySet<string> {
  const names = new Set<string>();
  for (const origin of allowedOrigins) {
    if (URL.canParse(origin)) names.add(new URL(origin).hostname);
  }
  for (const host of extra) {
    const name = hostnameOf(host);
    if (name !== null) names.add(name);
  }
  return names;
}

/**
 * Whether a request whose `Host` header is `host` was meant for this relay: a loopback name, or
 * one of `served`. The port is not compared: behind a proxy the relay's own port is not the one
 * the browser used, and a page that rebinds its DNS name to this machine (DNS rebinding) keeps
 * its own name in `Host` whatever the port — the name is what gives it away.
 */
export function isHostServed(host: string | undefined, served: ReadonlySet<string>): boolean {
  const name = hostnameOf(host);
  return name !== null && (isLoopbackHost(name) || served.has(name));
}

/**
 * A request sent to a name this relay does not answer for (HTTP 421 Misdirected Request): a page
 * that rebound its DNS name to the relay's address, or a name the operator did not list.
 */
export function foreignHost(): RelayError {
  return new RelayError(
    'forbidden',
    'This relay does not answer for the name this request was sent to (its Host header). Open ' +
      'the app at its own address; to serve the relay under another name, add that name to ' +
      'ALLOWED_HOSTS.',
    { status: 421 },
  );
}
