import { describe, expect, it } from 'vitest';
import { ipKey } from './ip-key.ts';

describe('ipKey', () => {
  it('keeps IPv4 addresses as they are', () => {
    expect(ipKey('203.0.113.7')).toBe('203.0.113.7');
  });

  it('unwraps IPv4-mapped IPv6, in either notation', () => {
    expect(ipKey('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(ipKey('::FFFF:cb00:7107')).toBe('203.0.113.7');
  });

  it('reduces IPv6 to its /64, so rotating the interface id does not make a new key', () => {
    expect(ipKey('2001:db8:1:2:3:4:5:6')).toBe('2001:db8:1:2::/64');
    expect(ipKey('2001:db8:1:2:ffff:ffff:ffff:ffff')).toBe('2001:db8:1:2::/64');
    expect(ipKey('2001:DB8:0001:0002::1')).toBe('2001:db8:1:2::/64');
    expect(ipKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(ipKey('::1')).toBe('0:0:0:0::/64');
  });

  it('drops zone ids and brackets', () => {
    expect(ipKey('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
    expect(ipKey('[2001:db8:1:2::9]')).toBe('2001:db8:1:2::/64');
  });

  it('keeps anything else, bounded in length', () => {
    expect(ipKey('unix-socket')).toBe('unix-socket');
    expect(ipKey('x'.repeat(500))).toHaveLength(64);
  });
});
