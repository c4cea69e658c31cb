import type { VoiceOption } from '../../stages/tts.ts';
import { primaryLanguage } from '../../voice-language.ts';

/**
 * A voice of eSpeak NG as the relay offers it: `id` is what eSpeak's `set_voice` takes (a voice
 * file's name, `+` a variant for another speaker), `languages` the primary subtags it speaks.
 */
export interface EspeakVoice extends VoiceOption {
  readonly languages: readonly string[];
}

/**
 * The eSpeak NG voices offered, one table for every language: the first voice of a language is
 * the one its replies get when the user chose none of that language. Dutch and English first
 * (issue 62); the others are the languages the settings offer with a hosted recogniser whose
 * eSpeak voice reads the language's own script. Japanese, Korean and Chinese are left out:
 * eSpeak reads kana, hangul and hanzi poorly or not at all.
 */
export const ESPEAK_VOICES: readonly EspeakVoice[] = [
  { id: 'nl', label: 'eSpeak — Dutch, male', languages: ['nl'] },
  { id: 'nl+f3', label: 'eSpeak — Dutch, female', languages: ['nl'] },
  { id: 'en-us', label: 'eSpeak — American English, male', languages: ['en'] },
  { id: 'en-us+f3', label: 'eSpeak — American English, female', languages: ['en'] },
  { id: 'en', label: 'eSpeak — British English, male', languages: ['en'] },
  { id: 'de', label: 'eSpeak — German, male', languages: ['de'] },
  { id: 'fr', label: 'eSpeak — French, male', languages: ['fr'] },
  { id: 'es', label: 'eSpeak — Spanish, male', languages: ['es'] },
  { id: 'it', label: 'eSpeak — Italian, male', languages: ['it'] },
  { id: 'pt', label: 'eSpeak — Portuguese, male', languages: ['pt'] },
  { id: 'pl', label: 'eSpeak — Polish, male', languages: ['pl'] },
  { id: 'sv', label: 'eSpeak — Swedish, male', languages: ['sv'] },
  { id: 'tr', label: 'eSpeak — Turkish, male', languages: ['tr'] },
  { id: 'ru', label: 'eSpeak — Russian, male', languages: ['ru'] },
  { id: 'uk', label: 'eSpeak — Ukrainian, male', languages: ['uk'] },
  { id: 'hi', label: 'eSpeak — Hindi, male', languages: ['hi'] },
];

/** The languages eSpeak NG speaks here (primary subtags), in the table's order. */
export const ESPEAK_LANGUAGES: readonly string[] = [
  ...new Set(ESPEAK_VOICES.flatMap((v) => v.languages)),
];

/**
 * The voice that says a text in `language` (BCP 47): the `requested` one (the user's choice)
 * when it speaks it, else the language's first voice; with no language, the requested voice if
 * eSpeak has it, else `fallback`. Null: eSpeak has no voice of that language (never one of
 * another: a Dutch reply is never read by an English voice).
 */
export function espeakVoiceFor(
  language: string | undefined,
  requested: string | undefined,
  fallback: string,
): EspeakVoice | null {
  const chosen = ESPEAK_VOICES.find((v) => v.id === requested);
  if (language === undefined) return chosen ?? ESPEAK_VOICES.find((v) => v.id === fallback) ?? null;
  const lang = primaryLanguage(language);
  if (chosen?.languages.includes(lang)) return chosen;
  const configured = ESPEAK_VOICES.find((v) => v.id === fallback);
  if (configured?.languages.includes(lang)) return configured;
  return ESPEAK_VOICES.find((v) => v.languages.includes(lang)) ?? null;
}
