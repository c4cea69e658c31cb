import { isIPv4, isIPv6 } from 'node:net';

/**
 * The key per-IP limits should use for a remote address. IPv4 addresses (also when written as
 * IPv4-mapped IPv6, `::ffff:192.0.2.1`) are used as they are. IPv6 addresses are reduced to their
 * /64 prefix (`2001:db8:0:1::/64`): one subscriber usually holds a whole /64, so keying by full
 * address would let a client rotate keys for free. Anything else is kept, cut to 64 characters.
 */
export function ipKey(address: string): string {
  let a = address.trim().toLowerCase();
  if (a.startsWith('[') && a.endsWith(']')) a = a.slice(1, -1);
  const zone = a.indexOf('%');
  if (zone !== -1) a = a.slice(0, zone);
  if (isIPv4(a)) return a;
  if (!isIPv6(a)) return a.slice(0, 64);
  const groups = expandIPv6(a);
  const mapped = groups.slice(0, 6).join(':') === '0:0:0:0:0:ffff';
  if (mapped) {
    const [hi = 0, lo = 0] = groups.slice(6).map((g) => parseInt(g, 16));
    return [hi >> 8, hi & 0xff, lo >> 8, lo & 0xff].join('.');
  }
  return `${groups.slice(0, 4).join(':')}::/64`;
}

/** Eight groups, each in shortest hex form; `a` must be a valid IPv6 address without zone. */
function expandIPv6(a: string): string[] {
  const toGroups = (part: string): string[] => {
    if (part === '') return [];
    return part.split(':').flatMap((g) => {
      if (!g.includes('.')) return [g];
      // An embedded IPv4 tail (`::ffff:192.0.2.1`) stands for the last two groups.
      const [b0 = 0, b1 = 0, b2 = 0, b3 = 0] = g.split('.').map(Number);
      return [((b0 << 8) | b1).toString(16), ((b2 << 8) | b3).toString(16)];
    });
  };
  const [head = '', tail] = a.split('::');
  const h = toGroups(head);
  const t = tail === undefined ? [] : toGroups(tail);
  const zeros = Array.from({ length: 8 - h.length - t.length }, () => '0');
  return [...h, ...zeros, ...t].map((g) => parseInt(g, 16).toString(16));
}
