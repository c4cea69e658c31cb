import { describe, expect, it } from 'vitest';
import { hostnameOf, isHostServed, servedHostnames } from './host.ts';
import { devDefaultOrigins } from './origin.ts';

describe('hostnameOf', () => {
  it.each([
    ['localhost:8787', 'localhost'],
    ['LOCALHOST', 'localhost'],
    ['[::1]:8787', '[::1]'],
    ['127.1:8787', '127.0.0.1'],
    ['chat.example.com', 'chat.example.com'],
    ['chat.example.com:443', 'chat.example.com'],
  ])('%s → %s', (host, name) => {
    expect(hostnameOf(host)).toBe(name);
  });

  it.each([undefined, '', 'evil.example@localhost', 'localhost/x', 'a b', 'localhost#', '[::1'])(
    'is null for %j',
    (host) => {
      expect(hostnameOf(host)).toBeNull();
    },
  );
});

describe('isHostServed', () => {
  const dev = servedHostnames(devDefaultOrigins(8787), []);
  const deployed = servedHostnames(
    ['https://chat.example.com', 'http://localhost:5173'],
    ['relay.example.com', '10.0.0.5'],
  );

  it('answers loopback names, whatever the port', () => {
    for (const host of ['localhost:8787', '127.0.0.1:5173', '[::1]:8787', '127.0.0.2'])
      expect(isHostServed(host, dev)).toBe(true);
  });

  it('refuses a page that rebound its own name to this machine (DNS rebinding)', () => {
    for (const host of [
      'evil.example:8787',
      'localhost.evil.example:8787',
      '127.0.0.1.nip.io:8787',
      'localhost.:8787',
      'evil.example@localhost:8787',
      undefined,
      '',
    ])
      expect(isHostServed(host, dev)).toBe(false);
  });

  it('answers the allowed origins’ names and ALLOWED_HOSTS, and only those', () => {
    for (const host of [
      'chat.example.com',
      'CHAT.example.com:443',
      'relay.example.com',
      '10.0.0.5',
    ])
      expect(isHostServed(host, deployed)).toBe(true);
    for (const host of ['example.com', 'evil.chat.example.com', '10.0.0.6'])
      expect(isHostServed(host, deployed)).toBe(false);
  });
});
