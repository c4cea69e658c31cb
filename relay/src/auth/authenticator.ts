import {
  createRemoteJWKSet,
  errors,
  jwtVerify,
  type JWTPayload,
  type JWTVerifyOptions,
  type JWTVerifyResult,
} from 'jose';
import { describeError } from '../errors.ts';
import { logger, type Logger } from '../log/logger.ts';
import type { AuthConfig, JwtAuthConfig, JwtKeySource } from './auth-config.ts';
import { authFailure, classifyVerifyError, type AuthFailureReason } from './auth-failure.ts';
import { devIdentity, devModeRemote } from './dev-identity.ts';
import { isReservedUserId, type AuthMode, type Identity } from './identity.ts';

/** Where a request comes from, as far as authentication cares. */
export interface Caller {
  /**
   * From this machine to this machine: a loopback peer, a loopback `Host`, and no proxy's
   * forwarding header (see `isLocalRequest`). Dev mode serves only such callers.
   */
  readonly local: boolean;
}

/** What a request brings to be authenticated. */
export interface AuthRequest extends Caller {
  /** The `Authorization` header, when there is one. */
  readonly authorization: string | undefined;
}

/**
 * Turns a request (its `Authorization` header; in dev mode, where it came from) into an
 * {@link Identity}.
 */
export interface Authenticator {
  readonly mode: AuthMode;
  /**
   * Throws unless this mode serves `caller` at all: dev mode serves this machine only
   * (`forbidden`, HTTP 403, close 4403, saying to set AUTH_MODE=jwt); jwt mode serves anyone
   * (who then authenticates). For routes that give no identity of their own but lead to one
   * (the WebSocket upgrade, whose `hello` redeems a ticket).
   */
  admit(caller: Caller): void;
  /**
   * Resolves the caller's identity, or rejects with `RelayError.unauthorized` (HTTP 401) whose
   * message says what to do. In dev mode the header is ignored and the local identity returned
   * to a local caller; anyone else is refused as {@link admit} does.
   */
  authenticate(request: AuthRequest): Promise<Identity>;
}

export interface AuthenticatorDeps {
  /** Clock for `exp`/`nbf` checks (epoch ms). Default `Date.now`. */
  now?: () => number;
  /**
   * Default `logger('relay:auth')`. Each refusal is logged (info) with the check that failed,
   * never the token.
   */
  log?: Logger;
}

/** Longest Authorization header looked at; real JWTs are a few hundred bytes to a few KiB. */
const MAX_AUTHORIZATION_CHARS = 8 * 1024;
/** Longest `sub` accepted as a user id. */
const MAX_USER_ID_CHARS = 255;
const MAX_DISPLAY_NAME_CHARS = 128;

const BEARER = /^Bearer +(\S+)$/i;
const COMPACT_JWS = /^[\w-]+\.[\w-]+\.[\w-]*$/;

/** The authenticator for `config.mode`. In jwt mode with a JWKS, keys are fetched lazily. */
export function createAuthenticator(
  config: AuthConfig,
  deps: AuthenticatorDeps = {},
): Authenticator {
  return config.mode === 'dev' ? devAuthenticator : createJwtAuthenticator(config, deps);
}

/**
 * Dev mode: the local identity, to this machine only. The one place that decides it: every
 * route that gives an identity authenticates here, and the WebSocket upgrade is admitted here.
 */
const devAuthenticator: Authenticator = {
  mode: 'dev',
  admit: admitLocal,
  authenticate: (request) =>
    Promise.resolve(request).then((caller) => {
      admitLocal(caller);
      return devIdentity;
    }),
};

function admitLocal(caller: Caller): void {
  if (!caller.local) throw devModeRemote();
}

type Verify = (token: string, options: JWTVerifyOptions) => Promise<JWTVerifyResult>;

function createJwtAuthenticator(config: JwtAuthConfig, deps: AuthenticatorDeps): Authenticator {
  const now = deps.now ?? Date.now;
  const log = deps.log ?? logger('relay:auth');
  const verify = keyVerifier(config.key);
  const options: JWTVerifyOptions = {
    // Pinned: the token's own `alg` header never chooses how it is checked.
    algorithms: [...config.key.algorithms],
    requiredClaims: ['exp', 'sub'],
    clockTolerance: config.clockToleranceS,
    ...(config.issuer === null ? {} : { issuer: config.issuer }),
    ...(config.audience === null ? {} : { audience: [...config.audience] }),
  };

  // The client gets one reason for every failed check; the log names the check (and, for a
  // claim, which one), never the token.
  const reject = (reason: AuthFailureReason, claim?: string): never => {
    log.info({ reason, ...(claim === undefined ? {} : { claim }) }, 'authentication failed');
    throw authFailure(reason);
  };

  return {
    mode: 'jwt',
    admit() {
      // Anyone may try: the token (or the ticket it bought) says who they are.
    },
    async authenticate({ authorization }) {
      const token = bearerToken(authorization);
      if (typeof token !== 'string') return reject(token.reason);
      let payload: JWTPayload;
      try {
        ({ payload } = await verify(token, { ...options, currentDate: new Date(now()) }));
      } catch (err) {
        const reason = classifyVerifyError(err, config.key.kind);
        if (reason === 'provider-unavailable') {
          // Network and JWKS errors only: they never contain the token.
          log.warn({ reason, err: describeError(err), cause: causeOf(err) }, 'JWKS unavailable');
          throw authFailure(reason);
        }
        return reject(
          reason,
          err instanceof errors.JWTClaimValidationFailed ? err.claim : undefined,
        );
      }
      const identity = identityFrom(payload) ?? reject('missing-subject');
      return isReservedUserId(identity.userId) ? reject('reserved-subject') : identity;
    },
  };
}

function keyVerifier(key: JwtKeySource): Verify {
  if (key.kind === 'secret') {
    const secret = new TextEncoder().encode(key.secret.reveal());
    return (token, options) => jwtVerify(token, secret, options);
  }
  // Caches the key set, refetches it when stale or on an unknown `kid` (at most once per
  // cooldown), and shares one in-flight request between concurrent callers.
  const jwks = createRemoteJWKSet(key.url, {
    timeoutDuration: key.timeoutMs,
    cooldownDuration: key.cooldownMs,
    cacheMaxAge: key.cacheMaxAgeMs,
  });
  return (token, options) => jwtVerify(token, jwks, options);
}

/** The compact JWS from `Bearer <token>`, or why there is none. */
function bearerToken(header: string | undefined): string | { reason: AuthFailureReason } {
  if (header === undefined || header.trim() === '') return { reason: 'missing-token' };
  if (header.length > MAX_AUTHORIZATION_CHARS) return { reason: 'malformed-token' };
  const token = BEARER.exec(header.trim())?.[1];
  if (token === undefined) return { reason: 'malformed-header' };
  return COMPACT_JWS.test(token) ? token : { reason: 'malformed-token' };
}

function identityFrom(payload: JWTPayload): Identity | null {
  const { sub, iss, exp, name } = payload;
  if (typeof sub !== 'string' || sub.trim() === '' || sub.length > MAX_USER_ID_CHARS) return null;
  const displayName = typeof name === 'string' ? name.trim().slice(0, MAX_DISPLAY_NAME_CHARS) : '';
  return {
    userId: sub,
    mode: 'jwt',
    ...(displayName === '' ? {} : { displayName }),
    ...(typeof iss === 'string' ? { issuer: iss } : {}),
    ...(typeof exp === 'number' ? { expiresAtMs: exp * 1000 } : {}),
  };
}

function causeOf(err: unknown): string | undefined {
  return err instanceof Error && err.cause !== undefined ? describeError(err.cause) : undefined;
}
