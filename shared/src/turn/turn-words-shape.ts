/**
 * The shape of one language's turn-taking words (issue 62): what the end of a turn reads at a
 * pause (turn-words.ts) and what a sound over the reply is judged by (barge-in-policy.ts). Lists
 * are lower case, as `wordsOf` writes words; phrases are words apart by single spaces. The
 * tables are turn-words-<language>.ts; turn-languages.ts finds one.
 */

/** What the words at a pause say about whether the user has finished. */
export interface EndOfTurnWords {
  /** Words after which the sentence almost always goes on, by their role (shown as the reason). */
  continues: Readonly<Record<string, readonly string[]>>;
  /** Number words that usually go on ("twenty … five", "honderd … vijf"). */
  numberContinues: readonly string[];
  /** Endings of number words that go on when a word ends in them ("tweehonderd … vijf"). */
  numberContinuesEndings?: readonly string[];
  /** Two-word endings that owe a continuation although their last word alone does not. */
  pairsContinue: readonly string[];
  /**
   * Two-word endings that are finished although their last word alone goes on ("doe maar":
   * "maar" as a particle, not the conjunction).
   */
  pairsComplete?: readonly string[];
  /** Forms of 'be' that, in a statement, open a clause with {@link clauseWord}. */
  copulas: readonly string[];
  /** The word that opens a clause after a copula ("the point is that …"). */
  clauseWord: string;
  /**
   * Words that open a subordinate clause, whose verb comes last (Dutch: "weet je hoe laat het
   * is", "als je wilt"): after one of them (not first), a trailing verb closes the clause.
   */
  verbLastAfter?: readonly string[];
  /**
   * Separable verbs by their particle (Dutch: "doe het licht uit", "lees het nieuws voor"): a
   * particle last closes the sentence only after a verb that takes it, each given by its stem (a
   * form is the stem, or the stem and 't'); after none, it is a preposition that owes its object
   * ("maak me wakker om", "wat is de wortel uit"). See owed-words.ts.
   */
  particleVerbs?: Readonly<Record<string, readonly string[]>>;
  /**
   * Words that, right after a preposition, are its object's determiner, never a pronoun (Dutch
   * "in het …": a pronoun there becomes "erin").
   */
  determinersAfterPreposition?: readonly string[];
  /** Words that open a clause after a noun ("een berichtje dat …", "my sister that …"). */
  relativeWords?: readonly string[];
  /**
   * Subject pronouns, and the words that open a subordinate clause before them: "ik vind dat
   * we …", "if you …" still owe the clause's verb.
   */
  clauseSubjects?: { pronouns: readonly string[]; after: readonly string[] };
  /**
   * Number words (whole, or the parts a compound number is written of: "zeshonderdtwaalf"), and
   * the words after which a number last is a whole value or operand ("vijf keer zes", "a table
   * for two"). After any other (a verb, a noun, another number: "my number is five five", "we
   * hebben zestig") the number owes its unit or its next digits.
   */
  numbers?: { parts: readonly string[]; wholeAfter: readonly string[] };
  /** One word that is a whole turn ("yes", "thanks"). */
  wholeWords: readonly string[];
  /** First words of a question. */
  questionStarts: readonly string[];
  /**
   * How the closed reading of a pause hears out a last word its running hypothesis had not
   * (turn-words.ts `closedHearsLastWord`): the short word the running search takes a last word
   * for, and the question it then closes. Only for a recogniser that reads pauses twice (the
   * embedded English one).
   */
  closedReading?: {
    shortLastWord: string;
    whWords: readonly string[];
    subjectPronouns: readonly string[];
  };
}

/** What a sound over the reply is judged by (barge-in-policy.ts). */
export interface BargeInWords {
  /** Words that ask the assistant to stop or yield, wherever they come in what was heard. */
  stopWords: readonly string[];
  /** Phrases that ask it to yield though no word of them does alone. */
  stopPhrases: readonly string[];
  /** What listeners say to show they follow (phrases, matched whole, repeated in any order). */
  backchannels: readonly string[];
  /** Words that open a question: heard first while the sound goes on, they take the turn. */
  whWords: readonly string[];
  /** Words that open a question or a request: followed by another word, they take the turn. */
  openers: readonly string[];
  /** Words that carry no content of their own: they alone never take the turn. */
  functionWords: readonly string[];
  /** Auxiliaries that open a question when they come first. */
  auxOpeners: readonly string[];
}

/** One language's turn-taking words. */
export interface TurnWords {
  /** The language's primary subtag ("en", "nl"). */
  language: string;
  endOfTurn: EndOfTurnWords;
  bargeIn: BargeInWords;
}
