import type { TurnPreferences } from '../preferences/turn-preferences.ts';

/** The voice and pace the user chose, and the conversation's language, for each synthesis. */
export interface SpokenAs {
  voice?: string | undefined;
  speakingRate?: number | undefined;
  /** BCP 47: the chain asks only voices that speak it (a Dutch reply is never said in English). */
  language?: string | undefined;
}

/** What a turn's preferences ask of its voice (none read: the configured voice, any language). */
export function spokenAsOf(
  prefs: Pick<TurnPreferences, 'voice' | 'speakingRate' | 'language'> | null,
): SpokenAs {
  return prefs
    ? { voice: prefs.voice, speakingRate: prefs.speakingRate, language: prefs.language }
    : {};
}
