import type { TtsProvider, VoiceOption } from './stages/tts.ts';

/** The primary subtag of a BCP 47 tag, lower case: `nl-BE` → `nl`. */
export function primaryLanguage(tag: string): string {
  return (tag.split(/[-_]/)[0] ?? tag).trim().toLowerCase();
}

/**
 * Whether `voice` speaks `language` (BCP 47): a voice that names its languages speaks those; one
 * that names none is told the language and speaks many (a hosted multilingual voice). No
 * language asked: any voice will do.
 */
export function speaks(
  voice: Pick<TtsProvider, 'languages'>,
  language: string | undefined,
): boolean {
  if (language === undefined || voice.languages === undefined) return true;
  return voice.languages.includes(primaryLanguage(language));
}

/** The voices of `options` that speak `language` (all of them when it or their languages are unknown). */
export function voicesOf(
  options: readonly VoiceOption[],
  language: string | undefined,
): VoiceOption[] {
  return options.filter((o) => speaks(o, language));
}
