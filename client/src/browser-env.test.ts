import { describe, expect, it } from 'vitest';
import { relaySocketUrl } from './browser-env.ts';

describe('relaySocketUrl', () => {
  it('makes a relay’s web address its socket’s, at /ws', () => {
    expect(relaySocketUrl('https://relay.example')).toBe('wss://relay.example/ws');
    expect(relaySocketUrl('http://localhost:8787/')).toBe('ws://localhost:8787/ws');
  });

  it('keeps a socket address, and a path given', () => {
    expect(relaySocketUrl('wss://relay.example/ws')).toBe('wss://relay.example/ws');
    expect(relaySocketUrl('https://example.org/parley/ws')).toBe('wss://example.org/parley/ws');
  });

  it('reads a relative address against the page’s', () => {
    expect(relaySocketUrl('/', 'https://app.example/chat')).toBe('wss://app.example/ws');
  });
});
