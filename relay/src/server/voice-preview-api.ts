import type { Hono } from 'hono';
import { voicePreviewRequest } from '@parley/shared';
import { pcm16Wav } from '../audio/wav.ts';
import { KeyedLimiter } from '../limits/keyed-limiter.ts';
import { VoicePreviews } from '../preferences/voice-preview.ts';
import type { RelayContext } from './context.ts';
import { originGuard, userGuard, type GuardedEnv } from './guards.ts';
import { parseBody } from './request-input.ts';
import type { PeerOf } from './peer.ts';

/** Previews a user may ask for at once, and how fast that allowance comes back. */
const PREVIEW_BURST = 6;
const PREVIEWS_PER_MINUTE = 10;
/** Longest a preview may take to synthesise (ms) before it is given up. */
const PREVIEW_TIMEOUT_MS = 15_000;

/**
 * `POST /api/preferences/voice-preview`: the active voice says a fixed sentence in the voice and
 * pace asked for (see {@link VoicePreviews}), answered as `audio/wav`. The body is the default
 * 4 KiB at most (body-limits.ts).
 */
export function mountVoicePreviewApi(
  app: Hono<GuardedEnv>,
  ctx: RelayContext,
  peerOf: PeerOf,
): void {
  const previews = spokenLines(ctx, PREVIEW_BURST, PREVIEWS_PER_MINUTE);
  app.post(
    '/api/preferences/voice-preview',
    originGuard(ctx, peerOf),
    userGuard(ctx, peerOf),
    async (c) => {
      const request = parseBody(
        await c.req.text(),
        voicePreviewRequest,
        'The body must be the voice to preview, as JSON.',
      );
      const signal = AbortSignal.any([c.req.raw.signal, AbortSignal.timeout(PREVIEW_TIMEOUT_MS)]);
      const { userId } = c.get('identity');
      // Said in the user's language, by a voice of it (the voices offered are of it).
      const { language } = await ctx.preferences.read(userId);
      const preview = await previews.preview(userId, request, signal, language);
      c.header('Cache-Control', 'no-store');
      c.header('Content-Type', 'audio/wav');
      return c.body(pcm16Wav(preview.samples, preview.sampleRateHz));
    },
  );
}

/**
 * Lines said in a user's voice outside any conversation (see {@link VoicePreviews}), `burst` at
 * once per user, then `perMinute`.
 */
export function spokenLines(ctx: RelayContext, burst: number, perMinute: number): VoicePreviews {
  return new VoicePreviews({
    tts: ctx.providers.tts,
    limiter: new KeyedLimiter({
      capacity: burst,
      refillPerSecond: perMinute / 60,
      maxKeys: ctx.limitsConfig.maxKeysPerLimiter,
      now: () => ctx.now(),
    }),
    meter: ctx.meter,
    pricing: ctx.metering.pricing,
    budget: ctx.metering.budget,
    userDayCost: (userId) => ctx.storage.usage.userDayCost(userId),
    record: (entries) => ctx.storage.usage.append(entries),
    userSpend: ctx.shared.userSpend,
    spent: (stage, providerId, micros) => ctx.metrics.spent(stage, providerId, micros),
  });
}
