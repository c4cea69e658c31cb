import type { Hono } from 'hono';
import type { AssistantResponse } from '@parley/shared';
import { OFFLINE_RESPONDER_ID } from '../providers/embedded/offline/provider.ts';
import { providerInfos } from '../providers/provider-infos.ts';
import type { RelayContext } from './context.ts';
import { originGuard, userGuard, type GuardedEnv } from './guards.ts';
import type { PeerOf } from './peer.ts';
import { canEditProviders } from './settings-api.ts';

/**
 * `GET /api/assistant`: who would answer now — the providers a session started now would be
 * told of, whether that is the offline responder, and whether the caller may connect a model —
 * for the page's first screen, before any conversation.
 */
export function mountAssistantApi(app: Hono<GuardedEnv>, ctx: RelayContext, peerOf: PeerOf): void {
  app.get('/api/assistant', originGuard(ctx, peerOf), userGuard(ctx, peerOf), (c) => {
    const providers = providerInfos(ctx.providers);
    c.header('Cache-Control', 'no-store');
    return c.json({
      providers,
      offlineResponder: providers.llm.id === OFFLINE_RESPONDER_ID,
      canEditProviders: canEditProviders(ctx, c.get('identity')),
    } satisfies AssistantResponse);
  });
}
