import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { assertSafeBinding, loadAuthConfig, type AuthConfig } from './auth-config.ts';
import { isLoopbackHost } from './loopback.ts';

/** A secret as `openssl rand -base64 48` makes one. */
const SECRET = 'mJ1nY8d2Vb0qXh6TtK4rW9zLpC3sE7uAaG5fNoRiQyHwU+Dk/Bl2Ze8Mv1Jx0Ps';
const ORIGINS = 'https://chat.example.com';

/** Loads a config expected to be invalid and returns its error message. */
function problems(env: Record<string, string>): string {
  try {
    loadAuthConfig(env);
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
  throw new Error('expected the configuration to be refused');
}

describe('loadAuthConfig', () => {
  it('defaults to dev mode with 30 s tickets and the dev-mode origins', () => {
    expect(loadAuthConfig({})).toEqual({
      mode: 'dev',
      allowedOrigins: null,
      embedOrigins: null,
      allowedHosts: [],
      ticketTtlMs: 30_000,
      warnings: [],
    });
  });

  it('treats blank values as unset', () => {
    const config = loadAuthConfig({ AUTH_MODE: ' ', JWT_SECRET: '', ALLOWED_ORIGINS: '' });
    expect(config).toMatchObject({ mode: 'dev', allowedOrigins: null, warnings: [] });
  });

  it('reads a shared-secret (HS256) configuration', () => {
    const config = loadAuthConfig({
      AUTH_MODE: 'jwt',
      JWT_SECRET: SECRET,
      JWT_ISSUER: 'https://idp.test',
      JWT_AUDIENCE: 'parley, other',
      JWT_CLOCK_TOLERANCE_S: '5',
      TICKET_TTL_MS: '60000',
      ALLOWED_ORIGINS: 'https://chat.example.com/, http://localhost:5173',
    });
    expect(config).toMatchObject({
      mode: 'jwt',
      key: { kind: 'secret', algorithms: ['HS256'] },
      issuer: 'https://idp.test',
      audience: ['parley', 'other'],
      clockToleranceS: 5,
      ticketTtlMs: 60_000,
      allowedOrigins: ['https://chat.example.com', 'http://localhost:5173'],
      warnings: [],
    });
    if (config.mode !== 'jwt' || config.key.kind !== 'secret') throw new Error('unreachable');
    expect(config.key.secret.reveal()).toBe(SECRET);
  });

  it('reads a JWKS configuration with pinned asymmetric algorithms and 30 s skew', () => {
    const config = loadAuthConfig({
      AUTH_MODE: 'jwt',
      JWT_JWKS_URL: 'https://idp.test/.well-known/jwks.json',
      JWT_ISSUER: 'https://idp.test/',
      JWT_AUDIENCE: 'parley',
      ALLOWED_ORIGINS: ORIGINS,
    });
    expect(config).toMatchObject({
      mode: 'jwt',
      key: {
        kind: 'jwks',
        algorithms: ['RS256', 'ES256', 'EdDSA'],
        timeoutMs: 5_000,
        cooldownMs: 30_000,
        cacheMaxAgeMs: 600_000,
      },
      clockToleranceS: 30,
      warnings: [],
    });
  });

  it('allows a plain-http JWKS on loopback only', () => {
    const env = { AUTH_MODE: 'jwt', JWT_ISSUER: 'i', ALLOWED_ORIGINS: ORIGINS };
    expect(loadAuthConfig({ ...env, JWT_JWKS_URL: 'http://127.0.0.1:9/jwks' }).mode).toBe('jwt');
    expect(problems({ ...env, JWT_JWKS_URL: 'http://idp.test/jwks' })).toMatch(
      /JWT_JWKS_URL must use https/,
    );
    expect(problems({ ...env, JWT_JWKS_URL: 'ftp://idp.test/jwks' })).toMatch(/https:\/\/ URL/);
    expect(problems({ ...env, JWT_JWKS_URL: 'not a url' })).toMatch(/https:\/\/ URL/);
  });

  it('says what jwt mode needs', () => {
    expect(problems({ AUTH_MODE: 'jwt', ALLOWED_ORIGINS: ORIGINS })).toMatch(
      /AUTH_MODE=jwt needs JWT_SECRET or JWT_JWKS_URL/,
    );
    expect(problems({ AUTH_MODE: 'jwt', JWT_SECRET: SECRET })).toMatch(
      /AUTH_MODE=jwt needs ALLOWED_ORIGINS/,
    );
  });

  it('lists every problem at once', () => {
    const message = problems({ AUTH_MODE: 'jwt', ALLOWED_ORIGINS: '*' });
    expect(message).toMatch(/^Invalid auth configuration: /);
    expect(message).toMatch(/needs JWT_SECRET or JWT_JWKS_URL/);
    expect(message).toMatch(/"\*" is not an origin/);
  });

  it.each<[string, Record<string, string>, RegExp]>([
    ['an unknown mode', { AUTH_MODE: 'none' }, /AUTH_MODE: must be "dev" or "jwt"/],
    ['a short secret', { JWT_SECRET: 'short' }, /at least 32 characters/],
    [
      "the Kubernetes template's old placeholder",
      { JWT_SECRET: 'replace-with-at-least-32-random-characters' },
      /JWT_SECRET is a placeholder \("replace-…"\), not a secret.*`openssl rand -base64 48`/,
    ],
    [
      'a guessable secret',
      { JWT_SECRET: 'abcdefghijklmnopqrstuvwxyz0123456789' },
      /JWT_SECRET is guessable/,
    ],
    [
      'both a secret and a JWKS',
      { JWT_SECRET: SECRET, JWT_JWKS_URL: 'https://idp.test/jwks' },
      /only one of JWT_SECRET and JWT_JWKS_URL/,
    ],
    ['a JWKS without issuer', { JWT_JWKS_URL: 'https://idp.test/jwks' }, /needs JWT_ISSUER/],
    ['a wildcard origin', { JWT_SECRET: SECRET, ALLOWED_ORIGINS: '*' }, /"\*" is not an origin/],
    [
      'an origin with a path',
      { JWT_SECRET: SECRET, ALLOWED_ORIGINS: 'https://a.test/app' },
      /is not an origin/,
    ],
    [
      'a subdomain pattern (a URL whose host is "*.a.test", never matched)',
      { JWT_SECRET: SECRET, ALLOWED_ORIGINS: 'https://*.a.test' },
      /ALLOWED_ORIGINS: "https:\/\/\*\.a\.test" is not an origin/,
    ],
    ['an empty origin list', { JWT_SECRET: SECRET, ALLOWED_ORIGINS: ' , ' }, /lists no origin/],
    ['a ticket TTL over 60 s', { TICKET_TTL_MS: '60001' }, /TICKET_TTL_MS/],
    ['a negative clock tolerance', { JWT_CLOCK_TOLERANCE_S: '-1' }, /JWT_CLOCK_TOLERANCE_S/],
    ['a non-numeric clock tolerance', { JWT_CLOCK_TOLERANCE_S: 'soon' }, /JWT_CLOCK_TOLERANCE_S/],
  ])('refuses %s', (_what, env, message) => {
    expect(problems({ AUTH_MODE: 'jwt', ALLOWED_ORIGINS: ORIGINS, ...env })).toMatch(message);
  });

  it('refuses plain-http origins in jwt mode, but for loopback ones, listing them', () => {
    const message = problems({
      AUTH_MODE: 'jwt',
      JWT_SECRET: SECRET,
      ALLOWED_ORIGINS: 'https://chat.example.com, http://chat.example.com, http://10.0.0.5:8787',
    });
    expect(message).toMatch(
      /AUTH_MODE=jwt serves pages over https only, and ALLOWED_ORIGINS lists http:\/\/chat\.example\.com, http:\/\/10\.0\.0\.5:8787: use https:\/\//,
    );
    const loopback = 'http://localhost:5173, http://127.0.0.1:8787, http://[::1]:8787';
    expect(
      loadAuthConfig({ AUTH_MODE: 'jwt', JWT_SECRET: SECRET, ALLOWED_ORIGINS: loopback })
        .allowedOrigins,
    ).toHaveLength(3);
    // Dev mode serves this machine only, whatever its pages' scheme.
    expect(loadAuthConfig({ ALLOWED_ORIGINS: 'http://chat.example.com' }).mode).toBe('dev');
  });

  it('reads ALLOWED_HOSTS as bare host names, normalised', () => {
    const config = loadAuthConfig({
      ALLOWED_HOSTS: 'Relay.Example.com, 10.0.0.5,[::1] , 10.0.0.5',
    });
    expect(config.allowedHosts).toEqual(['relay.example.com', '10.0.0.5', '[::1]']);
    for (const entry of ['relay.example.com:443', 'https://relay.example.com', '*.example.com'])
      expect(problems({ ALLOWED_HOSTS: entry })).toMatch(/ALLOWED_HOSTS: .* is not a host name/);
  });

  it('refuses a malformed ALLOWED_ORIGINS in dev mode too', () => {
    expect(problems({ ALLOWED_ORIGINS: 'localhost:8787' })).toMatch(/is not an origin/);
  });

  it('warns about settings dev mode ignores, and about a JWKS without audience', () => {
    expect(loadAuthConfig({ JWT_SECRET: SECRET }).warnings).toEqual([
      expect.stringMatching(/JWT_SECRET set but AUTH_MODE=dev ignores/),
    ]);
    const jwks = loadAuthConfig({
      AUTH_MODE: 'jwt',
      JWT_JWKS_URL: 'https://idp.test/jwks',
      JWT_ISSUER: 'https://idp.test',
      ALLOWED_ORIGINS: ORIGINS,
    });
    expect(jwks.warnings).toEqual([expect.stringMatching(/JWT_AUDIENCE is not set/)]);
  });

  it('never prints the secret', () => {
    const config = loadAuthConfig({
      AUTH_MODE: 'jwt',
      JWT_SECRET: SECRET,
      ALLOWED_ORIGINS: ORIGINS,
    });
    expect(JSON.stringify(config)).not.toContain(SECRET);
    expect(inspect(config, { depth: 10 })).not.toContain(SECRET);
    if (config.mode !== 'jwt' || config.key.kind !== 'secret') throw new Error('unreachable');
    expect(String(config.key.secret)).toBe('[redacted]');
  });
});

describe('EMBED_ORIGINS', () => {
  const JWT = { AUTH_MODE: 'jwt', JWT_SECRET: SECRET, ALLOWED_ORIGINS: ORIGINS };

  it('is unset by default: any loopback page in dev mode (null), no site in jwt mode', () => {
    expect(loadAuthConfig({}).embedOrigins).toBeNull();
    expect(loadAuthConfig({ EMBED_ORIGINS: ' ' }).embedOrigins).toBeNull();
    expect(loadAuthConfig(JWT).embedOrigins).toEqual([]);
  });

  it('reads exact origins, comma-separated, normalised and each once', () => {
    const config = loadAuthConfig({
      ...JWT,
      EMBED_ORIGINS: 'https://Shop.Example/, https://help.example:8443 ,https://shop.example:443',
    });
    expect(config.embedOrigins).toEqual(['https://shop.example', 'https://help.example:8443']);
    expect(config.warnings).toEqual([]);
  });

  it.each<[string, string, RegExp]>([
    ['a wildcard', '*', /EMBED_ORIGINS: "\*" is not an origin; list exact origins like/],
    ['a host without scheme', 'shop.example', /EMBED_ORIGINS: "shop\.example" is not an origin/],
    ['a page, not an origin', 'https://shop.example/help', /"https:\/\/shop\.example\/help"/],
    ['a subdomain pattern', 'https://*.shop.example', /is not an origin/],
    ['an empty list', ' , ', /EMBED_ORIGINS lists no origin; unset it or list exact origins/],
  ])('refuses %s, naming the entry, in either mode', (_what, value, message) => {
    expect(problems({ EMBED_ORIGINS: value })).toMatch(message);
    expect(problems({ ...JWT, EMBED_ORIGINS: value })).toMatch(message);
  });

  it('refuses a plain-http site in jwt mode (its page hands over tokens), but a loopback one', () => {
    expect(problems({ ...JWT, EMBED_ORIGINS: 'http://shop.example' })).toMatch(
      /AUTH_MODE=jwt serves pages over https only, and EMBED_ORIGINS lists http:\/\/shop\.example/,
    );
    expect(loadAuthConfig({ ...JWT, EMBED_ORIGINS: 'http://localhost:3000' }).embedOrigins).toEqual(
      ['http://localhost:3000'],
    );
    expect(loadAuthConfig({ EMBED_ORIGINS: 'http://shop.example' }).embedOrigins).toEqual([
      'http://shop.example',
    ]);
  });

  it('warns about a site in both lists: it is served as the app', () => {
    const config = loadAuthConfig({ ...JWT, EMBED_ORIGINS: `${ORIGINS}, https://shop.example` });
    expect(config.warnings).toEqual([
      expect.stringMatching(
        /^https:\/\/chat\.example\.com in both ALLOWED_ORIGINS and EMBED_ORIGINS: served as the app/,
      ),
    ]);
  });
});

describe('assertSafeBinding', () => {
  const dev = loadAuthConfig({});
  const jwt: AuthConfig = loadAuthConfig({
    AUTH_MODE: 'jwt',
    JWT_SECRET: SECRET,
    ALLOWED_ORIGINS: ORIGINS,
  });
  const on = (host: string, trustedProxies = 0) => ({ host, trustedProxies });

  it.each(['127.0.0.1', '127.1.2.3', '::1', '[::1]', 'localhost', 'LocalHost', '::ffff:127.0.0.1'])(
    'lets dev mode listen on %s',
    (host) => {
      expect(() => {
        assertSafeBinding(dev, on(host));
      }).not.toThrow();
    },
  );

  it.each(['0.0.0.0', '::', '192.168.1.20', '10.0.0.5', '', 'example.com', '::ffff:10.0.0.1'])(
    'refuses dev mode on %j',
    (host) => {
      expect(() => {
        assertSafeBinding(dev, on(host));
      }).toThrow(/Refusing to start: AUTH_MODE=dev .* only listens on loopback/);
    },
  );

  it('names the fix', () => {
    expect(() => {
      assertSafeBinding(dev, on('0.0.0.0'));
    }).toThrow(/HOST="0\.0\.0\.0" is not\. Set HOST=127\.0\.0\.1, or set AUTH_MODE=jwt/);
  });

  it('refuses dev mode behind a trusted proxy, naming AUTH_MODE=jwt', () => {
    expect(() => {
      assertSafeBinding(dev, on('127.0.0.1', 1));
    }).toThrow(
      /Refusing to start: AUTH_MODE=dev serves only this machine, and TRUST_PROXY=1 .* set AUTH_MODE=jwt/,
    );
  });

  it('lets jwt mode listen anywhere, behind proxies', () => {
    expect(() => {
      assertSafeBinding(jwt, on('0.0.0.0', 2));
    }).not.toThrow();
  });
});

describe('isLoopbackHost', () => {
  it.each([
    ['127.0.0.1', true],
    ['127.255.255.254', true],
    ['0:0:0:0:0:0:0:1', true],
    ['[::ffff:7f00:1]', true],
    ['localhost', true],
    ['localhost.', false],
    ['app.localhost', false],
    ['127.0.0.1.nip.io', false],
    ['128.0.0.1', false],
    ['127.1', false],
    ['::2', false],
    ['0.0.0.0', false],
  ])('%s → %s', (host, expected) => {
    expect(isLoopbackHost(host)).toBe(expected);
  });
});
