import { stemmer as englishStemmer } from '@orama/stemmers/english';
import { builtinToolWords } from '../../../tools/builtin/tool-words.ts';
import { DUTCH_RECALL_WORDS } from './recall-words-nl.ts';
import type { RecallWords } from './recall-words-shape.ts';

export type { RecallLines, RecallWords } from './recall-words-shape.ts';

/** "a", "a and b", "a, b and c". */
function joinAnd(items: readonly string[]): string {
  return items.length <= 1
    ? (items[0] ?? '')
    : `${items.slice(0, -1).join(', ')} and ${items.at(-1) ?? ''}`;
}

const words = (text: string): ReadonlySet<string> => new Set(text.split(/\s+/).filter(Boolean));

const yourWords = (text: string) => builtinToolWords().yourWords(text);

/** English. */
export const ENGLISH_RECALL_WORDS: RecallWords = {
  meets: (asked, noted) => asked === noted,
  yourWords,
  fact: (note) => lowerFirst(yourWords(note)),
  stem: englishStemmer,
  stopWords: words(`
    a an the this that these those there here
    i me my mine myself we us our ours you your yours he him his she her hers it its they them their
    i'm i've i'd i'll you're it's he's she's we're they're that's there's what's who's where's
    is are was were am be been being do does did done have has had having
    can could will would shall should may might must let
    what when where who whom whose which why how
    and or but so if then than as of at by for from in into on onto to with about over under
    up down out off again also just very really please
    tell say said know remember remembered recall told ask asked
    anything something everything thing things some any
  `),
  weakWords: words('call name named called get got go went like keep kept put make made use used'),
  questionStarts: words(`
    what what's whats when where where's who who's whom whose which why how
    is are was were am do does did can could will would should have has tell
  `),
  ownWords: words("my mine myself i i'm i've i'd i'll our ours"),
  intentWords: words('time date day today now clock'),
  lines: {
    toldMe: (facts) => `You told me ${joinAnd(facts)}.`,
    remembered: (facts, more) =>
      `You told me ${joinAnd(facts.map((f) => `that ${f}`))}${more > 0 ? `, and ${more} more in Settings` : ''}.`,
    nothingYet: "You haven't asked me to remember anything yet.",
    notToldMe:
      "You haven't told me that. To have me keep it, say for example: remember that my " +
      'sister is called Anna.',
    alreadyKnown: (fact) => `I already remember that ${fact}.`,
    forgot: (fact) => `OK, I've forgotten that ${fact}.`,
    kept: "OK, I'll keep it.",
    nothingToForget: "There's nothing to forget: you haven't asked me to remember anything.",
    whichOne: (facts) => `Which one? You told me ${facts.map((f) => `that ${f}`).join(', and ')}.`,
    nothingAbout: (subject) => `I don't remember anything about ${subject}.`,
  },
};

/** The table of `language` (BCP 47, e.g. "en-GB"); English for any language without its own. */
export function recallWordsFor(language: string | undefined): RecallWords {
  switch (language?.toLowerCase().split('-')[0]) {
    case 'nl':
      return DUTCH_RECALL_WORDS;
    default:
      return ENGLISH_RECALL_WORDS;
  }
}

/** `text` with its first letter lower case (an "I" kept). */
export function lowerFirst(text: string): string {
  return /^I\b/.test(text) ? text : text.charAt(0).toLowerCase() + text.slice(1);
}
