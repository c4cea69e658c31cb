import type { Hono } from 'hono';
import { userPreferences, type PreferencesResponse, type UserPreferences } from '@parley/shared';
import type { Identity } from '../auth/index.ts';
import { RelayError } from '../errors.ts';
import { preferenceOptions } from '../preferences/options.ts';
import type { RelayContext } from './context.ts';
import { originGuard, userGuard, type GuardedEnv } from './guards.ts';
import type { PeerOf } from './peer.ts';
import { parseBody } from './request-input.ts';
import { canEditProviders } from './settings-api.ts';

/**
 * Largest `PUT` body: the preferences with a custom persona of 2,000 characters fit many times.
 * Applied with every other route's limit, in `body-limits.ts`.
 */
export const MAX_BODY_BYTES = 16 * 1024;

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
  const user = userGuard(ctx, peerOf);

  const answer = async (identity: Identity, prefs: UserPreferences) => {
    const options = await preferenceOptions(
      ctx.providers.current,
      AbortSignal.timeout(VOICES_WAIT_MS),
      ctx.log,
      prefs.language,
    );
    return {
      preferences: prefs,
      options: { ...options, defaultEagerness: ctx.settings.turnEagerness },
      canEditProviders: canEditProviders(ctx, identity),
      saved: ctx.preferences.saved(identity.userId),
    } satisfies PreferencesResponse;
  };

  app.get('/api/preferences', origin, user, async (c) => {
    const identity = c.get('identity');
    const body = await answer(identity, await ctx.preferences.read(identity.userId));
    c.header('Cache-Control', 'no-store');
    return c.json(body);
  });

  app.put('/api/preferences', origin, user, async (c) => {
    const identity = c.get('identity');
    const prefs = parsePreferences(await c.req.text());
    await ctx.preferences.save(identity.userId, prefs);
    c.header('Cache-Control', 'no-store');
    return c.json(await answer(identity, prefs));
  });
}

/** A `PUT` body as preferences, or a `bad-message` error naming the first field at fault. */
export function parsePreferences(text: string): UserPreferences {
  const prefs = parseBody(text, userPreferences, 'The body must be the preferences as JSON.');
  if (prefs.persona === 'custom' && !prefs.customPersona)
    throw RelayError.badMessage('customPersona: describe the persona, or choose a preset.');
  return prefs;
}
