import { describe, expect, it } from 'vitest';
import { CloseCode } from '@parley/shared';
import {
  assertOriginAllowed,
  devDefaultOrigins,
  isOriginAllowed,
  normalizeOrigin,
  resolveAllowedOrigins,
} from './origin.ts';

const allowed = ['https://chat.example.com', 'http://localhost:8787'];

describe('isOriginAllowed', () => {
  it('allows requests without an Origin header (non-browser clients)', () => {
    expect(isOriginAllowed(undefined, allowed)).toBe(true);
    expect(isOriginAllowed(undefined, [])).toBe(true);
  });

  it('allows exactly the listed origins', () => {
    expect(isOriginAllowed('https://chat.example.com', allowed)).toBe(true);
    expect(isOriginAllowed('http://localhost:8787', allowed)).toBe(true);
  });

  it('compares serialised origins (case, default port, trailing slash in the list)', () => {
    expect(isOriginAllowed('HTTPS://Chat.Example.com', allowed)).toBe(true);
    expect(isOriginAllowed('https://chat.example.com:443', allowed)).toBe(true);
    expect(isOriginAllowed('https://chat.example.com', ['https://chat.example.com/'])).toBe(true);
  });

  it.each([
    ['another host', 'https://evil.example.com'],
    ['a subdomain', 'https://a.chat.example.com'],
    ['a lookalike suffix', 'https://chat.example.com.evil.com'],
    ['another scheme', 'http://chat.example.com'],
    ['another port', 'http://localhost:5173'],
    ['a trailing dot', 'http://localhost.:8787'],
    ['the opaque origin', 'null'],
    ['an empty header', ''],
    ['garbage', 'not a url'],
    ['a path', 'https://chat.example.com/app'],
    ['credentials', 'https://user@chat.example.com'],
    ['another scheme entirely', 'file:///etc/passwd'],
  ])('refuses %s', (_what, origin) => {
    expect(isOriginAllowed(origin, allowed)).toBe(false);
  });

  it('refuses every browser origin when the list is empty', () => {
    expect(isOriginAllowed('http://localhost:8787', [])).toBe(false);
  });
});

describe('normalizeOrigin', () => {
  it('serialises http(s) origins and rejects everything else', () => {
    expect(normalizeOrigin('HTTP://LOCALHOST:80/')).toBe('http://localhost');
    expect(normalizeOrigin('http://[::1]:8787')).toBe('http://[::1]:8787');
    expect(normalizeOrigin('ws://localhost:8787')).toBeNull();
    expect(normalizeOrigin('https://x.test/?q')).toBeNull();
    expect(normalizeOrigin('https://x.test/#h')).toBeNull();
  });
});

describe('assertOriginAllowed', () => {
  it('throws forbidden (403, close 4403) for a foreign origin', () => {
    expect(() => {
      assertOriginAllowed('https://evil.example.com', allowed);
    }).toThrow(
      expect.objectContaining({
        code: 'forbidden',
        options: { status: 403, closeCode: CloseCode.Forbidden },
      }),
    );
    expect(() => {
      assertOriginAllowed('https://chat.example.com', allowed);
    }).not.toThrow();
  });
});

describe('dev-mode defaults', () => {
  it("allow the relay's own loopback origins and the Vite dev server", () => {
    const origins = devDefaultOrigins(8787);
    expect(origins).toEqual([
      'http://localhost:8787',
      'http://127.0.0.1:8787',
      'http://[::1]:8787',
      'http://localhost:5173',
      'http://127.0.0.1:5173',
    ]);
    expect(isOriginAllowed('http://localhost:5173', origins)).toBe(true);
    expect(isOriginAllowed('http://localhost:3000', origins)).toBe(false);
    expect(isOriginAllowed('http://192.168.1.20:8787', origins)).toBe(false);
  });

  it('do not repeat an origin when the relay itself is on the Vite port', () => {
    expect(devDefaultOrigins(5173)).toHaveLength(3);
  });

  it('apply only when no list is configured', () => {
    expect(resolveAllowedOrigins({ allowedOrigins: null }, 9000)).toContain(
      'http://localhost:9000',
    );
    expect(resolveAllowedOrigins({ allowedOrigins: ['https://a.test'] }, 9000)).toEqual([
      'https://a.test',
    ]);
  });
});
