import { PERSONA_PRESETS, type PreferenceOptions } from '@parley/shared';
import { describeError } from '../errors.ts';
import type { Logger } from '../log/logger.ts';
import type { AsrProvider } from '../providers/stages/asr.ts';
import type { TtsProvider, VoiceOption } from '../providers/stages/tts.ts';
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

/** The language of a BCP 47 tag, without region or script: `nl` of `nl-BE`. */
const primaryTag = (tag: string): string => tag.split('-')[0]?.toLowerCase() ?? tag;

/** A language as its speakers write it, with the English name after, e.g. "Français (French)". */
export function languageLabel(tag: string): string {
  const own = languageName(tag, tag);
  const english = languageName(tag);
  const capital = own.charAt(0).toLocaleUpperCase(tag) + own.slice(1);
  return capital === english ? english : `${capital} (${english})`;
}

/**
 * What the active providers let a user choose: the voices of the voice chain's primary (its
 * API may be asked; none are offered while it fails), every common language (a conversation is
 * typed in any of them), the few the recognisers know when they know only a few (English when
 * every one is an embedded recogniser), whether the pace can change.
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
  const recognised = providers.asr.languages;
  return {
    personas: PERSONA_PRESETS.map((id) => ({ id, label: PERSONA_LABELS[id] })),
    voices: voices.map((v) => ({ id: v.id, label: v.label })),
    languages: COMMON_LANGUAGES.map((id) => ({ id, label: languageLabel(id) })),
    recognised: recognised === undefined ? null : [...new Set(recognised.map(primaryTag))],
    speakingRate: providers.tts.supportsSpeakingRate === true,
  };
}
