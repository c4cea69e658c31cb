import type { Hono } from 'hono';
import { zValidator } from '@hono/zod-validator';
import { userPreferences, type PreferencesResponse, type UserPreferences } from '@parley/shared';
import type { Identity } from '../auth/index.ts';
import { RelayError } from '../errors.ts';
import { preferenceOptions } from '../preferences/options.ts';
import type { RelayContext } from './context.ts';
import { originGuard, userGuard, type GuardedEnv } from './guards.ts';
import type { PeerOf } from './peer.ts';

/** Longest wait for the voice provider's voice list (ElevenLabs' API) before answering without. */
const VOICES_WAIT_MS = 5_000;

/**
 * `GET` and `PUT /api/preferences`: the caller's own persona, voice, reply length, speaking rate
 * and language (applied from their next turn), with what the active providers offer.
 */
export function mountPreferencesApi(
  app: Hono<GuardedEnv>,
  ctx: RelayContext,
  peerOf: PeerOf,
): void {
  const origin = originGuard(ctx, peerOf);
  const user = userGuard(ctx);

  const answer = async (identity: Identity, prefs: UserPreferences) => {
    const options = await preferenceOptions(
      ctx.providers,
      AbortSignal.timeout(VOICES_WAIT_MS),
      ctx.log,
    );
    return {
      preferences: prefs,
      options,
      canEditProviders: canEditProviders(identity),
    } satisfies PreferencesResponse;
  };

  app.get('/api/preferences', origin, user, async (c) => {
    const identity = c.get('identity');
    const body = await answer(identity, await ctx.preferences.read(identity.userId));
    c.header('Cache-Control', 'no-store');
    return c.json(body);
  });

  app.put(
    '/api/preferences',
    origin,
    user,
    zValidator('json', userPreferences, (result) => {
      if (!result.success) {
        const issue = result.error.issues[0];
        const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
        throw RelayError.badMessage(`${where}${issue?.message ?? 'Invalid preferences.'}`);
      }
    }),
    async (c) => {
      const identity = c.get('identity');
      const prefs = c.req.valid('json');
      if (prefs.persona === 'custom' && !prefs.customPersona)
        throw RelayError.badMessage('customPersona: describe the persona, or choose a preset.');
      await ctx.preferences.save(identity.userId, prefs);
      c.header('Cache-Control', 'no-store');
      return c.json(await answer(identity, prefs));
    },
  );
}

/**
 * Whether the caller may change the provider settings: dev mode's local user; in jwt mode
 * nobody here (the admin uses /ops with the admin token).
 */
// Until the provider-settings API lands with its own rule (issue 24), decided by the auth mode.
function canEditProviders(identity: Identity): boolean {
  return identity.mode === 'dev';
}
