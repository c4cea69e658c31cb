import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';
import { ipKey } from '../limits/ip-key.ts';
import type { Peer } from '../session/connection-deps.ts';
import { isLocalRequest } from './local-request.ts';

export type PeerOf = (c: Context) => Peer;

/**
 * The client's address. Without trusted proxies it is the socket's. Behind `trustedProxies`
 * proxies that each append the address they saw to `X-Forwarded-For`, it is the entry the
 * outermost of them wrote: the `trustedProxies`-th from the right. Entries left of it were
 * written by the client itself and prove nothing (anyone can send `X-Forwarded-For: 1.2.3.4`),
 * so they never choose the rate-limit key. With fewer entries than proxies (a proxy that sets the
 * header instead of appending), the left-most entry is the one the outermost proxy wrote.
 */
export function clientAddress(
  forwardedFor: string | undefined,
  socketAddress: string | undefined,
  trustedProxies: number,
): string {
  if (trustedProxies > 0 && forwardedFor !== undefined) {
    const hops = forwardedFor
      .split(',')
      .map((h) => h.trim())
      .filter((h) => h !== '');
    const chosen = hops[Math.max(0, hops.length - trustedProxies)];
    if (chosen !== undefined) return chosen;
  }
  return socketAddress || 'unknown';
}

/**
 * Who is calling: the Origin header, the client IP (see {@link clientAddress}) as the key of
 * per-IP limits (see `ipKey`), and whether the request came from this machine to this machine
 * (see {@link isLocalRequest}; dev mode serves nobody else).
 */
export function peerResolver(trustedProxies: number): PeerOf {
  return (c) => {
    const address = clientAddress(
      trustedProxies > 0 ? c.req.header('x-forwarded-for') : undefined,
      getConnInfo(c).remote.address,
      trustedProxies,
    );
    return { origin: c.req.header('origin'), ip: ipKey(address), local: isLocalRequest(c) };
  };
}
