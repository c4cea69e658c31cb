import { PERSONA_PRESETS, type UserPreferences } from '@parley/shared';

export type PersonaPreset = (typeof PERSONA_PRESETS)[number];

/** A user's preferences until they save their own. */
export const DEFAULT_PREFERENCES: Readonly<UserPreferences> = Object.freeze({
  persona: 'friendly',
  replyLength: 'short',
  speakingRate: 1,
  language: 'en',
});
