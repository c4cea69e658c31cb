import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';
import { hostnameOf } from '../auth/host.ts';
import { isLoopbackHost } from '../auth/loopback.ts';

/** Headers a reverse proxy adds: a request carrying one came from elsewhere. */
const FORWARDING_HEADERS = ['forwarded', 'x-forwarded-for', 'x-real-ip'] as const;

/**
 * A request from this machine, addressed to this machine: the socket's peer is a loopback
 * address (never X-Forwarded-For, whatever TRUST_PROXY says), no proxy forwarded it, and its
 * Host is a loopback name — so a web page that rebinds its DNS name to 127.0.0.1 is refused.
 *
 * What it cannot tell: a forwarder on this machine that adds no header and keeps a loopback
 * Host (`ssh -L` from another machine whose browser opened `localhost:8787`, `socat`, a proxy
 * configured without forwarding headers) is indistinguishable from the local browser. Dev mode
 * must not be exposed that way; to serve others, use AUTH_MODE=jwt.
 */
export function isLocalRequest(c: Context): boolean {
  if (FORWARDING_HEADERS.some((h) => c.req.header(h) !== undefined)) return false;
  const address = getConnInfo(c).remote.address ?? '';
  if (!isLoopbackHost(address)) return false;
  const hostname = hostnameOf(c.req.header('host'));
  return hostname !== null && isLoopbackHost(hostname);
}
