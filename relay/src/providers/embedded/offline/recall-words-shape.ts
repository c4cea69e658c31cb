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

/**
 * The words the offline responder reads a question about the user's notes by, for one language:
 * which words carry nothing of what the question is about, which start a question, which say it
 * is about the user, and how a word is reduced to its stem ("called" → "call"). Data, not rules:
 * a language is one more table (Dutch: recall-words-nl.ts).
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
  /**
   * Whether a stem of a question finds a stem of a note ("sleutel" finds "reservesleutel" in
   * Dutch, which writes compounds as one word); the same stem at least.
   */
  meets: (asked: string, noted: string) => boolean;
  /** What the user said of themselves, said back to them: "my sister" → "your sister". */
  yourWords: (text: string) => string;
  /**
   * A note as the lines below say it back ("My sister is called Anna" → "your sister is called
   * Anna"; Dutch puts it in the order of a "dat" clause).
   */
  fact: (note: string) => string;
  /** What the responder says about notes, in this language. */
  lines: RecallLines;
}
