import { isIPv4, isIPv6 } from 'node:net';

/** IPv4-mapped IPv6 (`::ffff:127.x.y.z`) as WHATWG URL serialises it: `::ffff:7fxx:xxxx`. */
const MAPPED_IPV4_LOOPBACK = /^::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}$/;

/**
 * True when `host` (a listen address or URL hostname) can only be reached from this machine:
 * `localhost`, 127.0.0.0/8, `::1` (bracketed or not) and IPv4-mapped 127/8. Anything else,
 * including `0.0.0.0`, `::`, an empty string and names that merely end in `localhost`, is not.
 */
export function isLoopbackHost(host: string): boolean {
  const bare = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  if (bare.toLowerCase() === 'localhost') return true;
  if (isIPv4(bare)) return bare.startsWith('127.');
  if (isIPv6(bare)) {
    // Canonicalise (0:0:0:0:0:0:0:1 → ::1, ::ffff:127.0.0.1 → ::ffff:7f00:1) before comparing.
    const canonical = new URL(`http://[${bare}]/`).hostname.slice(1, -1);
    return canonical === '::1' || MAPPED_IPV4_LOOPBACK.test(canonical);
  }
  return false;
}
