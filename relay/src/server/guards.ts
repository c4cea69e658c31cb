import { createHash } from 'node:crypto';
import type { Env, MiddlewareHandler } from 'hono';
import { bearerAuth } from 'hono/bearer-auth';
import type { ApiErrorBody } from '@parley/shared';
import type { Identity, OriginScope } from '../auth/index.ts';
import { RelayError } from '../errors.ts';
import type { RelayContext } from './context.ts';
import type { PeerOf } from './peer.ts';

/** What the guards leave for the handler (`c.get('identity')`). */
export interface GuardedEnv {
  Variables: { identity: Identity };
}

/**
 * Refuses (403, `siteNotAllowedError`) a browser page whose origin may not use the route:
 * `scope` `app` (the default) admits the app's own pages only, `embed` (what a call needs: the
 * ticket exchange, the WebSocket) the sites that embed the assistant too.
 */
export function originGuard(
  ctx: Pick<RelayContext, 'origins'>,
  peerOf: PeerOf,
  scope: OriginScope = 'app',
) {
  const guard: MiddlewareHandler = async (c, next) => {
    ctx.origins.admit(peerOf(c).origin, scope, c.req.path);
    await next();
  };
  return guard;
}

/**
 * Authenticates the user (the bearer's JWT; in dev mode, the local identity to a request from
 * this machine only) and hands their identity on.
 */
export function userGuard(ctx: Pick<RelayContext, 'authenticator'>, peerOf: PeerOf) {
  const guard: MiddlewareHandler<GuardedEnv> = async (c, next) => {
    const request = { authorization: c.req.header('authorization'), local: peerOf(c).local };
    c.set('identity', await ctx.authenticator.authenticate(request));
    await next();
  };
  return guard;
}

/**
 * Refuses a caller this relay does not serve at all before a route that leads to an identity
 * without giving one (the WebSocket upgrade): in dev mode, anyone but this machine (403).
 */
export function callerGuard(ctx: Pick<RelayContext, 'authenticator'>, peerOf: PeerOf) {
  const guard: MiddlewareHandler = async (c, next) => {
    ctx.authenticator.admit(peerOf(c));
    await next();
  };
  return guard;
}

/**
 * The relay's own static bearer tokens (admin, metrics): Hono's `bearerAuth`, compared in
 * constant time on digests, answering 401 with our error body. `what` names the token in the
 * message ("the admin token").
 */
export function staticBearer(token: string, what: string, realm: string): MiddlewareHandler {
  const refused = {
    message: {
      error: 'unauthorized',
      message: `This needs ${what} (Authorization: Bearer …).`,
    } satisfies ApiErrorBody,
    wwwAuthenticateHeader: `Bearer realm="${realm}"`,
  };
  const bearer = bearerAuth({
    token,
    realm,
    hashFunction: (s: string) => createHash('sha256').update(s).digest('hex'),
    noAuthenticationHeader: refused,
    invalidToken: refused,
  });
  // A header of another scheme is refused like a wrong token (401), not as a bad request (400,
  // bearerAuth's answer): to the caller both mean "not this token".
  const guard: MiddlewareHandler<Env> = async (c, next) => {
    const header = c.req.header('authorization');
    if (header !== undefined && !/^Bearer +\S+$/i.test(header))
      return c.json(refused.message, 401, { 'WWW-Authenticate': refused.wwwAuthenticateHeader });
    return bearer(c, next);
  };
  return guard;
}

/** The admin API: off (404) without `ADMIN_TOKEN`, else only its bearer gets through. */
export function adminGuard(ctx: Pick<RelayContext, 'settings'>): MiddlewareHandler {
  const token = ctx.settings.adminToken;
  if (!token)
    return () => {
      throw RelayError.notFound('The admin API is off: set ADMIN_TOKEN to use it.');
    };
  return staticBearer(token, 'the admin token', 'admin');
}
