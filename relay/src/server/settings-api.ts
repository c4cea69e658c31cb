import { createHash, timingSafeEqual } from 'node:crypto';
import type { Hono, MiddlewareHandler } from 'hono';
import { zValidator } from '@hono/zod-validator';
import type { z } from 'zod';
import {
  assistantSettingsUpdateOf,
  stageEntryRequest,
  type AssistantSettingsView,
  type DetectResponse,
  type ModelsResponse,
  type StageTestResult,
} from '@parley/shared';
import type { Identity } from '../auth/index.ts';
import { RelayError } from '../errors.ts';
import type { RelayContext } from './context.ts';
import type { GuardedEnv } from './guards.ts';
import { isLocalRequest } from './local-request.ts';
import type { PeerOf } from './peer.ts';
import { settingsKindInfos } from '../providers/provider-kinds.ts';

/**
 * Whether `identity` may change the provider settings from the app: in dev mode the one local
 * user may (dev mode listens on loopback only); in jwt mode no signed-in user may — the admin
 * does it with `ADMIN_TOKEN` (in `/ops`), which is not a user identity.
 */
export function canEditProviders(
  ctx: Pick<RelayContext, 'authenticator'>,
  identity: Identity,
): boolean {
  return ctx.authenticator.mode === 'dev' && identity.mode === 'dev';
}

const digest = (s: string) => createHash('sha256').update(s).digest();

/**
 * Who may read and change the provider settings:
 * - the bearer of `ADMIN_TOKEN`, always (compared in constant time);
 * - in dev mode, the local user: a page of an allowed origin, on a request from this machine
 *   to this machine (see {@link isLocalRequest}), needing no token;
 * - in jwt mode, nobody else: without `ADMIN_TOKEN` the admin API is off (404, as every admin
 *   route); with it, a signed-in user is refused as not the admin (403: who they are is known,
 *   it is not enough), anyone else is asked for the admin token (401).
 */
export function providerSettingsGuard(ctx: RelayContext, peerOf: PeerOf): MiddlewareHandler {
  const token = ctx.settings.adminToken;
  return async (c, next) => {
    const header = c.req.header('authorization');
    const bearer = /^Bearer +(\S+)$/i.exec(header ?? '')?.[1];
    if (token && bearer !== undefined && timingSafeEqual(digest(bearer), digest(token)))
      return next();
    if (ctx.authenticator.mode === 'dev') {
      ctx.origins.admit(peerOf(c).origin, 'app', c.req.path);
      if (!isLocalRequest(c))
        throw RelayError.forbidden(
          'Provider settings are changed from this machine, or with the admin token.',
        );
      return next();
    }
    if (!token) throw RelayError.notFound('The admin API is off: set ADMIN_TOKEN to use it.');
    const request = { authorization: header, local: peerOf(c).local };
    const identity = header
      ? await ctx.authenticator.authenticate(request).catch(() => null)
      : null;
    if (identity)
      throw RelayError.forbidden(
        'Only the admin changes the assistant’s providers (with the admin token, in /ops).',
      );
    throw RelayError.unauthorized('This needs the admin token (Authorization: Bearer …).');
  };
}

/**
 * {@link providerSettingsGuard} on a route whose answers are about this moment (and what one
 * admin sees): never cached. The provider settings' and the MCP servers' routes.
 */
export function settingsAdminGuard(ctx: RelayContext, peerOf: PeerOf): MiddlewareHandler {
  const allowed = providerSettingsGuard(ctx, peerOf);
  return async (c, next) => {
    c.header('Cache-Control', 'no-store');
    await allowed(c, next);
  };
}

/** A zod-validated JSON body; every problem named in the error's message. */
export const jsonBody = <S extends z.ZodType>(schema: S) =>
  zValidator('json', schema, (result) => {
    if (!result.success)
      throw RelayError.badMessage(
        result.error.issues
          .map((i) => (i.path.length > 0 ? `${i.path.join('.')}: ${i.message}` : i.message))
          .join('; '),
      );
  });

/**
 * The assistant's provider settings: `GET` / `PUT /api/admin/settings` (the chains,
 * keys masked; a save applies from the next turn), `GET /api/admin/settings/detect` (local
 * servers, probed again), `POST /api/admin/settings/models` (a provider's own model list) and
 * `POST /api/admin/settings/test` (a real minimal request). No response ever holds a key.
 */
export function mountSettingsApi(app: Hono<GuardedEnv>, ctx: RelayContext, peerOf: PeerOf): void {
  const settings = ctx.providerSettings;
  const guard = settingsAdminGuard(ctx, peerOf);

  app.get('/api/admin/settings', guard, (c) =>
    c.json(settings.view() satisfies AssistantSettingsView),
  );

  const update = assistantSettingsUpdateOf(settingsKindInfos());
  app.put('/api/admin/settings', guard, jsonBody(update), async (c) =>
    c.json((await settings.save(c.req.valid('json'))) satisfies AssistantSettingsView),
  );

  app.get('/api/admin/settings/detect', guard, async (c) =>
    c.json({ servers: await settings.detect() } satisfies DetectResponse),
  );

  app.post('/api/admin/settings/models', guard, jsonBody(stageEntryRequest), async (c) => {
    const { stage, entry } = c.req.valid('json');
    return c.json({ models: await settings.models(stage, entry) } satisfies ModelsResponse);
  });

  app.post('/api/admin/settings/test', guard, jsonBody(stageEntryRequest), async (c) => {
    const { stage, entry } = c.req.valid('json');
    return c.json((await settings.test(stage, entry)) satisfies StageTestResult);
  });
}
