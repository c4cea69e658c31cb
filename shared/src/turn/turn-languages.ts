import { ENGLISH_TURN_WORDS } from './turn-words-en.ts';
import { DUTCH_TURN_WORDS } from './turn-words-nl.ts';
import type { TurnWords } from './turn-words-shape.ts';
import { primaryLanguage } from './language-tag.ts';

/**
 * The words turn-taking decides on, one table per language (issue 62): what the end of a turn
 * reads at a pause (turn-words.ts) and what a sound over the reply is judged by
 * (barge-in-policy.ts). Lists are lower case, as `wordsOf` writes words; phrases are words apart
 * by single spaces. A language without a table has no words to go by: the end of a turn falls
 * back to the voice and the silence, a sound over the reply to its length.
 */

/** The tables, by a language's primary subtag. */
export const TURN_WORDS: Readonly<Record<string, TurnWords>> = {
  en: ENGLISH_TURN_WORDS,
  nl: DUTCH_TURN_WORDS,
};

export { primaryLanguage };

/**
 * The turn-taking words of `language` (BCP 47; English when absent); null for a language that
 * has no table (its turns are taken by the voice and the silence alone).
 */
export function turnWordsFor(language?: string): TurnWords | null {
  return TURN_WORDS[primaryLanguage(language)] ?? null;
}
