import { detect } from 'tinyld/light';

/**
 * Fewest words a reply needs to be judged: a shorter one ("Oké.", "Prima, doe ik.") says too
 * little for any detector, and loanwords decide it.
 */
export const MIN_DRIFT_WORDS = 4;

/**
 * The languages a reply is read as (besides the conversation's): the ones a model drifts into
 * in practice. Among all of tinyld's, a Dutch sentence now and then reads as Afrikaans or
 * Esperanto, which no model drifts into (bench/results/language-drift.md).
 */
export const DRIFT_LANGUAGES: readonly string[] = ['en', 'nl', 'de', 'fr', 'es', 'it', 'pt'];

/** A reply in another language than the conversation's: what was asked, what was heard. */
export interface LanguageDrift {
  /** The conversation's language (a primary subtag, e.g. `nl`). */
  expected: string;
  /** The reply's, as the detector reads it (ISO 639-1, e.g. `en`). */
  detected: string;
}

/** The primary subtag of a BCP 47 tag, lower case: `nl-BE` → `nl`. */
export function primaryTag(language: string): string {
  return (language.split('-')[0] ?? language).toLowerCase();
}

/**
 * Whether `reply` drifted out of `language` (BCP 47), by `tinyld` (see
 * bench/results/language-drift.md for why that detector): the drift, or null when the reply is
 * in the language, too short to judge (under {@link MIN_DRIFT_WORDS} words) or the detector
 * cannot tell; read among {@link DRIFT_LANGUAGES} and the conversation's. Pure; well under a millisecond for a spoken reply.
 */
export function languageDrift(reply: string, language: string): LanguageDrift | null {
  const words = reply.split(/\s+/).filter((w) => /\p{L}/u.test(w));
  if (words.length < MIN_DRIFT_WORDS) return null;
  const expected = primaryTag(language);
  const detected = detect(reply, { only: [...new Set([expected, ...DRIFT_LANGUAGES])] });
  return detected === '' || detected === expected ? null : { expected, detected };
}

/**
 * Whether a short text (a tool's title) may be in `language`: false only when the detector,
 * choosing between that language and the other one a title is likely in (English; Dutch for an
 * English conversation), reads it as the other. Among more languages a two-word title is read
 * wrongly too often. A title too short to tell is taken to be in the conversation's language.
 * Pure.
 */
export function mayBeIn(text: string, language: string): boolean {
  const expected = primaryTag(language);
  const detected = detect(text, { only: [expected, expected === 'en' ? 'nl' : 'en'] });
  return detected === '' || detected === expected;
}
