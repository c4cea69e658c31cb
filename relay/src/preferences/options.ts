import { PERSONA_PRESETS, type PreferenceOptions } from '@parley/shared';
import { describeError } from '../errors.ts';
import type { Logger } from '../log/logger.ts';
import type { AsrProvider, TtsProvider, VoiceOption } from '../providers/types.ts';
import { voicesOf } from '../providers/voice-language.ts';
import { PERSONA_LABELS } from './personas.ts';
import { languageName } from './turn-preferences.ts';

/**
 * The languages offered when the recognisers know many: the ones the hosted recognisers
 * (Whisper, Deepgram) and voices handle well.
 */
export const COMMON_LANGUAGES = [
  'en',
  'es',
  'fr',
  'de',
  'it',
  'pt',
  'nl',
  'pl',
  'sv',
  'tr',
  'ru',
  'uk',
  'hi',
  'ja',
  'ko',
  'zh',
] as const;

/** A language as its speakers write it, with the English name after, e.g. "Français (French)". */
export function languageLabel(tag: string): string {
  const own = languageName(tag, tag);
  const english = languageName(tag);
  const capital = own.charAt(0).toLocaleUpperCase(tag) + own.slice(1);
  return capital === english ? english : `${capital} (${english})`;
}

/**
 * What the active providers let a user choose: the voices of the voice chain's primary (its
 * API may be asked; none are offered while it fails), the languages the recognisers know
 * (English only when every one is the embedded recogniser), whether the pace can change.
 */
export async function preferenceOptions(
  providers: { asr: Pick<AsrProvider, 'languages'>; tts: TtsProvider },
  signal: AbortSignal,
  log: Logger,
  /** The user's language (BCP 47): only voices that speak it are offered. Absent: any. */
  language?: string,
): Promise<Omit<PreferenceOptions, 'defaultEagerness'>> {
  let voices: readonly VoiceOption[] = [];
  try {
    voices = voicesOf((await providers.tts.voices?.(signal, language)) ?? [], language);
  } catch (err) {
    log.warn({ err: describeError(err) }, 'voice list unavailable: no voice offered');
  }
  const languages = providers.asr.languages ?? COMMON_LANGUAGES;
  return {
    personas: PERSONA_PRESETS.map((id) => ({ id, label: PERSONA_LABELS[id] })),
    voices: voices.map((v) => ({ id: v.id, label: v.label })),
    languages: languages.map((id) => ({ id, label: languageLabel(id) })),
    speakingRate: providers.tts.supportsSpeakingRate === true,
  };
}
