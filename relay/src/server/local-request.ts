import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';
import { isLoopbackHost } from '../auth/loopback.ts';

/** Headers a reverse proxy adds: a request carrying one came from elsewhere. */
const FORWARDING_HEADERS = ['forwarded', 'x-forwarded-for', 'x-real-ip'] as const;

/**
 * A request from this machine, addressed to this machine: the socket's peer is a loopback
 * address (never X-Forwarded-For, whatever TRUST_PROXY says), no proxy forwarded it, and its
 * Host is a loopback name — so a web page that rebinds its DNS name to 127.0.0.1 is refused.
 */
export function isLocalRequest(c: Context): boolean {
  if (FORWARDING_HEADERS.some((h) => c.req.header(h) !== undefined)) return false;
  const address = getConnInfo(c).remote.address ?? '';
  if (!isLoopbackHost(address)) return false;
  const host = c.req.header('host') ?? '';
  const hostname = host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.split(':')[0];
  return isLoopbackHost(hostname ?? '');
}
