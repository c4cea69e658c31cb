import type { TtsProvider } from './stages/tts.ts';

/**
 * The voices of a chain as the relay runs it: the configured ones, then `languageVoice` (eSpeak
 * NG) when one of them speaks only some languages (Flite: English) — so that a conversation in
 * any other language still has an offline voice of its own after them, and is never read by a
 * voice of another language. A chain of voices that speak many (hosted ones) is left as it is,
 * and one that has the language voice already does not get it twice.
 *
 * @param languageVoice started only when it is added (it loads a WebAssembly engine).
 */
export function voicesOfChain(
  voices: readonly TtsProvider[],
  languageVoice: () => TtsProvider,
  isLanguageVoice: (voice: object) => boolean,
): TtsProvider[] {
  const limited = voices.some((v) => v.languages !== undefined && !isLanguageVoice(v));
  if (!limited || voices.some(isLanguageVoice)) return [...voices];
  return [...voices, languageVoice()];
}
