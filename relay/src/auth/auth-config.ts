import { z } from 'zod';
import { envNumber } from '../env/env-fields.ts';
import { readEnv, type Env } from '../env/read-env.ts';
import { KEY_RULE, secretProblem } from '../env/secret-strength.ts';
import { hostnameOf } from './host.ts';
import { isLoopbackHost } from './loopback.ts';
import { normalizeOrigin } from './origin.ts';
import { Secret } from './secret.ts';

/** Signature algorithms accepted with a shared secret. */
const SECRET_ALGORITHMS = ['HS256'] as const;
/** Signature algorithms accepted from a JWKS. Never `none`, never an HMAC (alg confusion). */
const JWKS_ALGORITHMS = ['RS256', 'ES256', 'EdDSA'] as const;
/** HS256 needs a 256-bit key; shorter secrets are guessable offline from any token. */
const MIN_SECRET_CHARS = 32;
/** Longest ticket lifetime the relay allows (ms). */
export const MAX_TICKET_TTL_MS = 60_000;

export type JwtKeySource =
  | {
      kind: 'secret';
      /** The HS256 key, used as its UTF-8 bytes (as Supabase's legacy JWT secret is). */
      secret: Secret;
      algorithms: readonly (typeof SECRET_ALGORITHMS)[number][];
    }
  | {
      kind: 'jwks';
      url: URL;
      algorithms: readonly (typeof JWKS_ALGORITHMS)[number][];
      /** Give up on one JWKS request after this long (ms). */
      timeoutMs: number;
      /** After a fetch, wait this long before refetching for an unknown `kid` (ms). */
      cooldownMs: number;
      /** Refetch the key set once it is this old (ms). */
      cacheMaxAgeMs: number;
    };

interface AuthConfigBase {
  /** Lifetime of a connection ticket (ms), at most {@link MAX_TICKET_TTL_MS}. */
  ticketTtlMs: number;
  /**
   * Host names the relay answers for besides loopback ones and its allowed origins' (lower
   * case, no port): `ALLOWED_HOSTS`. Any other `Host` is refused (see `auth/host.ts`).
   */
  allowedHosts: readonly string[];
  /** Things worth a warning at startup (ignored or risky settings); log them. */
  warnings: readonly string[];
}

interface DevAuthConfig extends AuthConfigBase {
  mode: 'dev';
  /** Exact origins allowed; null = {@link devDefaultOrigins} for the port the relay listens on. */
  allowedOrigins: readonly string[] | null;
  /** Exact origins of sites embedding the assistant; null = any loopback page (see origin.ts). */
  embedOrigins: readonly string[] | null;
}

export interface JwtAuthConfig extends AuthConfigBase {
  mode: 'jwt';
  /** Exact origins allowed (normalised). Required in jwt mode. */
  allowedOrigins: readonly string[];
  /** Exact origins of sites embedding the assistant (normalised); empty = none. */
  embedOrigins: readonly string[];
  key: JwtKeySource;
  /** Required `iss`; null = not checked. Always set with a JWKS. */
  issuer: string | null;
  /** Accepted `aud` values (any one); null = not checked. */
  audience: readonly string[] | null;
  /** Clock skew tolerated on `exp` and `nbf` (s). */
  clockToleranceS: number;
}

export type AuthConfig = DevAuthConfig | JwtAuthConfig;

const envSchema = z.object({
  AUTH_MODE: z.enum(['dev', 'jwt'], { error: 'must be "dev" or "jwt"' }).default('dev'),
  JWT_SECRET: z.string().optional(),
  JWT_JWKS_URL: z.string().optional(),
  JWT_ISSUER: z.string().max(1024).optional(),
  JWT_AUDIENCE: z.string().max(4096).optional(),
  JWT_CLOCK_TOLERANCE_S: envNumber({
    default: 30,
    min: 0,
    max: 300,
    integer: true,
    meaning: 'seconds of clock skew allowed on exp and nbf',
  }),
  JWT_JWKS_TIMEOUT_MS: envNumber({
    default: 5_000,
    min: 100,
    max: 30_000,
    integer: true,
    meaning: 'ms to wait for the JWKS',
  }),
  TICKET_TTL_MS: envNumber({
    default: 30_000,
    min: 1_000,
    max: MAX_TICKET_TTL_MS,
    integer: true,
    meaning: 'ms a connection ticket stays valid',
  }),
  ALLOWED_ORIGINS: z.string().optional(),
  EMBED_ORIGINS: z.string().optional(),
  ALLOWED_HOSTS: z.string().optional(),
});
type AuthEnv = z.infer<typeof envSchema>;

/**
 * Reads and validates the authentication settings from the environment. Blank values count as
 * unset. Throws one `Error` listing every problem, e.g. "AUTH_MODE=jwt needs JWT_SECRET or
 * JWT_JWKS_URL".
 */
export function loadAuthConfig(env: Env = process.env): AuthConfig {
  const e = readEnv(envSchema, env, 'auth');
  const problems: string[] = [];
  const allowedOrigins =
    e.ALLOWED_ORIGINS === undefined
      ? null
      : parseOrigins('ALLOWED_ORIGINS', e.ALLOWED_ORIGINS, problems);
  const embedOrigins =
    e.EMBED_ORIGINS === undefined ? null : parseOrigins('EMBED_ORIGINS', e.EMBED_ORIGINS, problems);
  const originWarnings = bothLists(allowedOrigins, embedOrigins);
  const allowedHosts = parseHosts(e.ALLOWED_HOSTS ?? '', problems);

  if (e.AUTH_MODE === 'dev') {
    const ignored = (['JWT_SECRET', 'JWT_JWKS_URL', 'JWT_ISSUER', 'JWT_AUDIENCE'] as const).filter(
      (k) => e[k] !== undefined,
    );
    if (problems.length > 0) fail(problems);
    return {
      mode: 'dev',
      allowedOrigins,
      embedOrigins,
      allowedHosts,
      ticketTtlMs: e.TICKET_TTL_MS,
      warnings: [
        ...(ignored.length === 0
          ? []
          : [
              `${ignored.join(', ')} set but AUTH_MODE=dev ignores them; set AUTH_MODE=jwt to verify tokens.`,
            ]),
        ...originWarnings,
      ],
    };
  }

  const key = parseKeySource(e, problems);
  if (allowedOrigins === null) {
    problems.push(
      'AUTH_MODE=jwt needs ALLOWED_ORIGINS: the exact origin(s) the web app is served from, ' +
        'comma-separated (e.g. https://chat.example.com).',
    );
  } else {
    refusePlainHttp('ALLOWED_ORIGINS', allowedOrigins, problems);
  }
  // An embedding page hands the relay its users' tokens too.
  if (embedOrigins !== null) refusePlainHttp('EMBED_ORIGINS', embedOrigins, problems);
  if (key === null || allowedOrigins === null || problems.length > 0) fail(problems);

  const audiences = splitList(e.JWT_AUDIENCE ?? '');
  const audience = audiences.length > 0 ? audiences : null;
  const warnings: string[] = [...originWarnings];
  if (key.kind === 'jwks' && audience === null) {
    warnings.push(
      'JWT_AUDIENCE is not set: any token from JWT_ISSUER is accepted, including tokens it ' +
        'minted for other applications. Set it if your identity provider puts an "aud" claim.',
    );
  }
  return {
    mode: 'jwt',
    allowedOrigins,
    embedOrigins: embedOrigins ?? [],
    allowedHosts,
    key,
    issuer: e.JWT_ISSUER ?? null,
    audience,
    clockToleranceS: e.JWT_CLOCK_TOLERANCE_S,
    ticketTtlMs: e.TICKET_TTL_MS,
    warnings,
  };
}

function parseKeySource(e: AuthEnv, problems: string[]): JwtKeySource | null {
  if (e.JWT_SECRET !== undefined && e.JWT_JWKS_URL !== undefined) {
    problems.push('Set only one of JWT_SECRET and JWT_JWKS_URL.');
    return null;
  }
  if (e.JWT_SECRET !== undefined) {
    if (e.JWT_SECRET.length < MIN_SECRET_CHARS) {
      problems.push(
        `JWT_SECRET must be at least ${MIN_SECRET_CHARS} characters (HS256 needs a 256-bit secret).`,
      );
      return null;
    }
    // Whoever guesses it signs in as anyone: a template's placeholder or a guessable phrase is
    // refused, never taken.
    const weak = secretProblem(e.JWT_SECRET, KEY_RULE);
    if (weak !== null) {
      problems.push(`JWT_SECRET ${weak}.`);
      return null;
    }
    return { kind: 'secret', secret: new Secret(e.JWT_SECRET), algorithms: SECRET_ALGORITHMS };
  }
  if (e.JWT_JWKS_URL !== undefined) {
    const url = parseUrl(e.JWT_JWKS_URL);
    if (url === null || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
      problems.push(
        'JWT_JWKS_URL must be an https:// URL (the JWKS endpoint of your identity provider).',
      );
      return null;
    }
    if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
      problems.push('JWT_JWKS_URL must use https (plain http only on a loopback host).');
      return null;
    }
    if (e.JWT_ISSUER === undefined) {
      problems.push(
        'JWT_JWKS_URL needs JWT_ISSUER: one key set can sign tokens for many tenants or ' +
          'projects, and the issuer pins yours (e.g. https://<project>.supabase.co/auth/v1).',
      );
      return null;
    }
    return {
      kind: 'jwks',
      url,
      algorithms: JWKS_ALGORITHMS,
      timeoutMs: e.JWT_JWKS_TIMEOUT_MS,
      cooldownMs: 30_000,
      cacheMaxAgeMs: 600_000,
    };
  }
  problems.push(
    'AUTH_MODE=jwt needs JWT_SECRET or JWT_JWKS_URL: the HS256 shared secret of your identity ' +
      'provider, or the URL of its JWKS (public signing keys).',
  );
  return null;
}

/** `ALLOWED_ORIGINS`, `EMBED_ORIGINS` (`name`): exact origins, comma-separated, normalised. */
function parseOrigins(name: string, list: string, problems: string[]): readonly string[] {
  const origins: string[] = [];
  const before = problems.length;
  for (const entry of splitList(list)) {
    // `https://*.example.com` parses as a URL whose host is "*.example.com": refused, never
    // taken for a pattern it is not.
    const origin = entry.includes('*') ? null : normalizeOrigin(entry);
    if (origin === null) {
      problems.push(
        `${name}: "${entry}" is not an origin; list exact origins like ` +
          'https://chat.example.com (scheme, host and port only; no "*").',
      );
    } else if (!origins.includes(origin)) {
      origins.push(origin);
    }
  }
  if (origins.length === 0 && problems.length === before) {
    problems.push(`${name} lists no origin; unset it or list exact origins.`);
  }
  return origins;
}

/**
 * An origin in both lists is the app's (the whole API): said at startup, since listing a site
 * to embed the assistant should not give it the user's history and settings unnoticed.
 */
function bothLists(
  app: readonly string[] | null,
  embed: readonly string[] | null,
): readonly string[] {
  const both = (embed ?? []).filter((o) => app?.includes(o) === true);
  if (both.length === 0) return [];
  return [
    `${both.join(', ')} in both ALLOWED_ORIGINS and EMBED_ORIGINS: served as the app (the whole ` +
      'API), not only as a site embedding the assistant.',
  ];
}

/**
 * In jwt mode pages sign in with tokens: an `http://` page would send them in the clear, and
 * anyone on its network could be that page. Loopback pages (a developer's Vite server) stay
 * allowed: their traffic never leaves the machine.
 */
function refusePlainHttp(name: string, origins: readonly string[], problems: string[]): void {
  const plain = origins.filter((o) => {
    const url = new URL(o);
    return url.protocol === 'http:' && !isLoopbackHost(url.hostname);
  });
  if (plain.length === 0) return;
  problems.push(
    `AUTH_MODE=jwt serves pages over https only, and ${name} lists ${plain.join(', ')}: ` +
      'use https:// (plain http:// only for a loopback page, e.g. http://localhost:5173).',
  );
}

/** `ALLOWED_HOSTS`: bare host names (`relay.example.com`, `10.0.0.5`), normalised. */
function parseHosts(list: string, problems: string[]): readonly string[] {
  const hosts: string[] = [];
  for (const entry of splitList(list)) {
    const name = hostnameOf(entry);
    // A port, a scheme or a path would never match: say so rather than ignore the entry.
    if (name === null || entry.includes(':') !== name.includes(':') || name.includes('*')) {
      problems.push(
        `ALLOWED_HOSTS: "${entry}" is not a host name; list bare names like relay.example.com ` +
          '(no scheme, port, path or "*").',
      );
    } else if (!hosts.includes(name)) {
      hosts.push(name);
    }
  }
  return hosts;
}

function parseUrl(value: string): URL | null {
  try {
    return new URL(value);
  } catch {
    return null;
  }
}

function splitList(list: string): string[] {
  return list
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

function fail(problems: readonly string[]): never {
  throw new Error(`Invalid auth configuration: ${problems.join('; ')}`);
}

/** Where the relay listens and who stands in front of it (the relay's settings). */
export interface Binding {
  /** `HOST`: the address it listens on. */
  host: string;
  /** `TRUST_PROXY`: how many proxies in front of it forward its clients. */
  trustedProxies: number;
}

/**
 * Refuses to start a dev-mode relay that could serve another machine: dev mode hands the local
 * identity to whoever reaches it from this machine, so it listens on loopback only, and with no
 * proxy in front (through one, every visitor would arrive from this machine). Call it before
 * listening.
 */
export function assertSafeBinding(config: AuthConfig, binding: Binding): void {
  if (config.mode !== 'dev') return;
  const { host, trustedProxies } = binding;
  if (!isLoopbackHost(host))
    throw new Error(
      `Refusing to start: AUTH_MODE=dev gives the local identity to this machine, so it only ` +
        `listens on loopback (127.0.0.1, ::1, localhost), and HOST=${JSON.stringify(host)} is ` +
        'not. Set HOST=127.0.0.1, or set AUTH_MODE=jwt (with JWT_SECRET or JWT_JWKS_URL) to ' +
        'serve other machines.',
    );
  if (trustedProxies > 0)
    throw new Error(
      `Refusing to start: AUTH_MODE=dev serves only this machine, and TRUST_PROXY=` +
        `${trustedProxies} says its clients come through a proxy (through which every visitor ` +
        'would be the local user). Unset TRUST_PROXY to use the relay from this machine, or set ' +
        'AUTH_MODE=jwt (with JWT_SECRET or JWT_JWKS_URL) to serve others behind the proxy.',
    );
}
