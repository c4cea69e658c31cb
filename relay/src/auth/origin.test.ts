import { describe, expect, it } from 'vitest';
import {
  classifyOrigin,
  devDefaultOrigins,
  isAdmitted,
  isEmbedding,
  isOriginAllowed,
  normalizeOrigin,
  resolveOriginPolicy,
  type OriginKind,
  type OriginPolicy,
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

const SHOP = 'https://shop.example';
const policy: OriginPolicy = { app: allowed, embed: [SHOP], loopbackEmbeds: false };

describe('classifyOrigin', () => {
  it.each<[string, string | undefined, OriginKind]>([
    ['no Origin header', undefined, 'none'],
    ["one of the app's origins", 'https://chat.example.com', 'app'],
    ['a site listed to embed the assistant', 'https://shop.example', 'embed'],
    ['the same, written otherwise', 'HTTPS://Shop.Example:443', 'embed'],
    ["the listed site's other port", 'https://shop.example:8443', 'foreign'],
    ["the listed site's subdomain", 'https://www.shop.example', 'foreign'],
    ['another site', 'https://blog.example', 'foreign'],
    ['a loopback page (jwt mode, or EMBED_ORIGINS set)', 'http://localhost:3000', 'foreign'],
    ['the opaque origin', 'null', 'foreign'],
    ['an empty header', '', 'foreign'],
  ])('%s', (_what, origin, kind) => {
    expect(classifyOrigin(origin, policy)).toBe(kind);
  });

  it("prefers the app when a site is in both lists (the app's pages use the whole API)", () => {
    expect(classifyOrigin(SHOP, { ...policy, app: [SHOP] })).toBe('app');
  });

  it('takes any loopback page as an embedder when dev mode has no EMBED_ORIGINS', () => {
    const dev = { ...policy, loopbackEmbeds: true };
    for (const origin of [
      'http://localhost:3000',
      'http://127.0.0.1:4000',
      'http://[::1]:5000',
      'https://localhost:8443',
    ])
      expect(classifyOrigin(origin, dev), origin).toBe('loopback-embed');
    for (const origin of ['http://192.168.1.20:3000', 'http://localhost.evil.example:3000'])
      expect(classifyOrigin(origin, dev), origin).toBe('foreign');
  });
});

describe('isAdmitted', () => {
  it.each<[OriginKind, boolean, boolean]>([
    ['none', true, true],
    ['app', true, true],
    ['embed', false, true],
    ['loopback-embed', false, true],
    ['foreign', false, false],
  ])("admits %s to the app's routes: %s, to a call's: %s", (kind, app, embed) => {
    expect(isAdmitted(kind, 'app')).toBe(app);
    expect(isAdmitted(kind, 'embed')).toBe(embed);
  });
});

describe('isEmbedding', () => {
  it.each<[OriginKind, boolean]>([
    ['none', false],
    ['app', false],
    ['embed', true],
    ['loopback-embed', true],
    ['foreign', false],
  ])('a page of kind %s embeds the assistant: %s', (kind, embeds) => {
    expect(isEmbedding(kind)).toBe(embeds);
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
    const unset = { mode: 'dev', allowedOrigins: null, embedOrigins: null } as const;
    expect(resolveOriginPolicy(unset, 9000)).toEqual({
      app: devDefaultOrigins(9000),
      embed: [],
      loopbackEmbeds: true,
    });
    expect(
      resolveOriginPolicy(
        { mode: 'dev', allowedOrigins: ['https://a.test'], embedOrigins: ['https://b.test'] },
        9000,
      ),
    ).toEqual({ app: ['https://a.test'], embed: ['https://b.test'], loopbackEmbeds: false });
  });

  it('never take loopback pages as embedders in jwt mode', () => {
    const jwt = { mode: 'jwt', allowedOrigins: ['https://a.test'], embedOrigins: [] } as const;
    expect(resolveOriginPolicy(jwt, 9000).loopbackEmbeds).toBe(false);
  });
});
