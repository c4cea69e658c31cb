import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';
import { ipKey } from '../limits/ip-key.ts';
import type { Peer } from '../session/connection.ts';

export type PeerOf = (c: Context) => Peer;

/**
 * Who is calling: the Origin header and the client IP (the socket's address; behind a proxy,
 * the first X-Forwarded-For hop when TRUST_PROXY is set).
 */
export function peerResolver(trustProxy: boolean): PeerOf {
  return (c) => {
    const forwarded = trustProxy
      ? c.req.header('x-forwarded-for')?.split(',')[0]?.trim()
      : undefined;
    const address = forwarded || getConnInfo(c).remote.address || 'unknown';
    return { origin: c.req.header('origin'), ip: ipKey(address) };
  };
}
