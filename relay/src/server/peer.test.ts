import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import { clientAddress } from './peer.ts';

describe('clientAddress', () => {
  it('is the socket’s address when no proxy is trusted, whatever the header says', () => {
    expect(clientAddress('198.51.100.7', '203.0.113.1', 0)).toBe('203.0.113.1');
    expect(clientAddress(undefined, undefined, 0)).toBe('unknown');
  });

  it('behind one proxy, is the entry that proxy appended: the right-most', () => {
    // A client sent its own X-Forwarded-For; the proxy appended the address it saw.
    expect(clientAddress('6.6.6.6, 203.0.113.9', '127.0.0.1', 1)).toBe('203.0.113.9');
    expect(clientAddress('1.1.1.1,2.2.2.2 , 203.0.113.9', '127.0.0.1', 1)).toBe('203.0.113.9');
    // A proxy that sets the header (deploy/nginx.conf.template) writes one entry.
    expect(clientAddress('203.0.113.9', '127.0.0.1', 1)).toBe('203.0.113.9');
  });

  it('behind two proxies (a CDN, then nginx), is the entry the outer one appended', () => {
    expect(clientAddress('6.6.6.6, 203.0.113.9, 192.0.2.50', '10.0.0.2', 2)).toBe('203.0.113.9');
    // Fewer entries than proxies: the left-most is the outermost proxy's.
    expect(clientAddress('203.0.113.9', '10.0.0.2', 2)).toBe('203.0.113.9');
  });

  it('falls back to the socket without a usable header', () => {
    expect(clientAddress(undefined, '10.0.0.2', 1)).toBe('10.0.0.2');
    expect(clientAddress(' , ', '10.0.0.2', 1)).toBe('10.0.0.2');
  });
});

describe('TRUST_PROXY', () => {
  const hops = (value: string) => loadConfig({ TRUST_PROXY: value }).trustedProxies;

  it('names how many proxies append to X-Forwarded-For', () => {
    expect(loadConfig({}).trustedProxies).toBe(0);
    expect([hops('0'), hops('false'), hops('1'), hops('true'), hops('2')]).toEqual([0, 0, 1, 1, 2]);
  });

  it('refuses anything else', () => {
    expect(() => hops('yes please')).toThrow(/TRUST_PROXY: must be 0 to 10/);
    expect(() => hops('-1')).toThrow(/TRUST_PROXY/);
  });
});
