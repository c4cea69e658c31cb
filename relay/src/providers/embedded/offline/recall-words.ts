import { stemmer as englishStemmer } from '@orama/stemmers/english';

/**
 * The words the offline responder reads a question about the user's notes by, for one language:
 * which words carry nothing of what the question is about, which start a question, which say it
 * is about the user, and how a word is reduced to its stem ("called" → "call"). Data, not rules:
 * a language is one more table (Dutch comes next).
 */
export interface RecallWords {
  /** Reduces a lower-case word to its stem, so "calls", "called" and "calling" meet. */
  stem(word: string): string;
  /**
   * Words that say nothing of what is asked about: articles, pronouns, auxiliaries, question
   * words, and the words of asking itself ("tell", "remember", "know"). Negations are not among
   * them: "is not called" is another fact than "is called".
   */
  stopWords: ReadonlySet<string>;
  /**
   * Content words too common to tell facts apart ("called", "name"): a note that shares only
   * these with a question answers it only when the question has no other content word.
   */
  weakWords: ReadonlySet<string>;
  /** First words of a question ("what is my sister called"). */
  questionStarts: ReadonlySet<string>;
  /**
   * Words that make a question about the user ("my", "I"): one that the notes cannot answer is
   * answered "you have not told me" rather than "I can't answer that".
   */
  ownWords: ReadonlySet<string>;
  /**
   * Words that, asked with nothing else of content, are the responder's own intents rather than
   * a note's subject ("what time is it", "what is the date").
   */
  intentWords: ReadonlySet<string>;
  /** What the responder says about notes, in this language. */
  lines: RecallLines;
}

/**
 * The responder's lines about notes. A fact is a note as said back to the user ("your sister is
 * called Anna"), first letter lower case.
 */
export interface RecallLines {
  /** Notes that answer a question. */
  toldMe(facts: readonly string[]): string;
  /** "What do you remember (about…)": the notes said back, and how many more are in Settings. */
  remembered(facts: readonly string[], more: number): string;
  /** "What do you remember" with no notes. */
  nothingYet: string;
  /** A question about the user that no note answers. */
  notToldMe: string;
  /** "Remember that…" something a note already says. */
  alreadyKnown(fact: string): string;
  /** Asked before a note is forgotten. */
  forgetQuestion(fact: string): string;
  /** Said once it is forgotten. */
  forgot(fact: string): string;
  /** Said to a no. */
  kept: string;
  /** "Forget…" with no note to forget. */
  nothingToForget: string;
  /** "Forget about…" that several notes match equally: which one. */
  whichOne(facts: readonly string[]): string;
  /** "Forget about…" that no note matches. */
  nothingAbout(subject: string): string;
}

/** "a", "a and b", "a, b and c". */
function joinAnd(items: readonly string[]): string {
  return items.length <= 1
    ? (items[0] ?? '')
    : `${items.slice(0, -1).join(', ')} and ${items.at(-1) ?? ''}`;
}

const words = (text: string): ReadonlySet<string> => new Set(text.split(/\s+/).filter(Boolean));

/** English. */
export const ENGLISH_RECALL_WORDS: RecallWords = {
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
    forgetQuestion: (fact) => `Shall I forget that ${fact}?`,
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
    default:
      return ENGLISH_RECALL_WORDS;
  }
}
