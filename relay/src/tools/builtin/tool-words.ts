import { DUTCH_TOOL_WORDS } from './tool-words-nl.ts';
import { ENGLISH_TOOL_WORDS } from './tool-words-en.ts';
import type { BuiltinToolWords } from './tool-words-shape.ts';

export type { BuiltinToolWords, DueWhen, Moment } from './tool-words-shape.ts';

/** The tables, by a language's primary subtag. */
const TABLES: Readonly<Record<string, BuiltinToolWords>> = {
  en: ENGLISH_TOOL_WORDS,
  nl: DUTCH_TOOL_WORDS,
};

/** The built-in tools' words in `language` (BCP 47, e.g. `nl-BE`); English where there is none. */
export function builtinToolWords(language: string | undefined = 'en'): BuiltinToolWords {
  return TABLES[language.split('-')[0]?.toLowerCase() ?? 'en'] ?? ENGLISH_TOOL_WORDS;
}
