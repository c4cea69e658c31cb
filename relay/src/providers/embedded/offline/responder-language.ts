import type { ResponderWords } from './responder-words.ts';
import { ENGLISH_WORDS } from './words-en.ts';
import { DUTCH_WORDS } from './words-nl.ts';

/**
 * The offline responder's words for `language` (BCP 47, the conversation's: "nl", "nl-BE");
 * English for any language without its own table.
 */
export function responderWordsFor(language: string | undefined): ResponderWords {
  switch (language?.toLowerCase().split('-')[0]) {
    case 'nl':
      return DUTCH_WORDS;
    default:
      return ENGLISH_WORDS;
  }
}
