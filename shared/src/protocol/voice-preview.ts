import { z } from 'zod';
import { userPreferences } from './assistant-settings.ts';

/**
 * `POST /api/preferences/voice-preview`: a short sample of the active voice provider saying one
 * fixed sentence (the relay's, not the caller's: a preview is no free synthesis service), in
 * `voice` (absent: the provider's default) at `speakingRate`. Answered as `audio/wav` (mono
 * PCM16); rate-limited per user, and billed like any synthesis.
 */
export const voicePreviewRequest = z.strictObject({
  voice: userPreferences.shape.voice,
  speakingRate: userPreferences.shape.speakingRate.optional(),
});
export type VoicePreviewRequest = z.infer<typeof voicePreviewRequest>;
