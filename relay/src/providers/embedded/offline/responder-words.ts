import type { ClockReading } from '../../../tools/builtin/clock.ts';
import type { NumberWords } from './arithmetic.ts';
import type { RecallWords } from './recall-words.ts';

/**
 * The offline responder's words for one language: how it hears what the user asks, and what it
 * says back. Data, not rules: the responder's rules (responder.ts, requests.ts, note-answers.ts,
 * tool-answers.ts) read a table, and a language is one more table (words-en.ts, words-nl.ts).
 */
export interface ResponderWords {
  /** Primary BCP 47 subtag ("en", "nl"): the shared yes and no table's. */
  language: string;
  /** The user's words as the intents below read them: lower case, the letters kept. */
  normalise: (text: string) => string;
  /** Number words, operators and how a sum is said back. */
  numbers: NumberWords;
  /** A spoken duration in seconds ("ten minutes"), or null unless the words are only that. */
  duration: (text: string) => number | null;
  /** What the user said of themselves, said back to them: "my sister" → "your sister". */
  yourWords: (text: string) => string;
  /** Intents, on the words as `normalise` leaves them. */
  asks: Asks;
  /** Requests, on the words as said (case kept, what ends the sentence dropped). */
  requests: RequestPatterns;
  /** How a question about the user's notes is read, and what is said about notes. */
  recall: RecallWords;
  /** Everything else it says. */
  lines: ResponderLines;
}

/** The intents the responder answers by itself. */
export interface Asks {
  /** "What did I just say". */
  repeat: RegExp;
  /** "What time is it", and the same with its last word lost by the recogniser. */
  time: readonly RegExp[];
  /** "What is the date". */
  date: RegExp;
  /** "What can you do", "help", and the first with its last word lost. */
  help: readonly RegExp[];
  /** A greeting at the start: its match is said back ("Hello!"). */
  greeting: RegExp;
  thanks: RegExp;
  whoAreYou: RegExp;
  /**
   * Words of any intent it knows: an utterance without them that it could not answer counts
   * towards the shorter "I can't answer that" the next time.
   */
  known: RegExp;
}

/**
 * Requests, each a pattern with named groups: `delay`, and `what` (or `todo` and `verb`, put
 * together as "todo verb") for a reminder — none for a plain timer; `what` for a note; `about`
 * for recall; `words` for forgetting.
 */
export interface RequestPatterns {
  /** Reminders and timers, tried in order. */
  reminders: readonly RegExp[];
  /** A reminder asked without its time ("remind me to buy milk"). */
  reminderWithoutTime: RegExp;
  /** "Remember that…": the fact, as `what`. */
  note: RegExp;
  /** A `what` that is no fact to keep ("remember to…": a reminder without its time). */
  notANote: RegExp;
  /** "What do you remember (about…)": `about`, if any. */
  recall: RegExp;
  /** Words left out of `about` ("me", "my", "the"). */
  recallNoise: RegExp;
  /** "What reminders do I have": both must match. */
  listReminders: readonly [RegExp, RegExp];
  /** "Forget that": the newest note (on lower-case words). */
  forgetLast: RegExp;
  /** "Forget about my sister": `words` (on lower-case words). */
  forgetAbout: RegExp;
  /** The user takes leave (on the words as said). */
  goodbye: RegExp;
}

/** When a reminder is due, as the tool said it and as the moment it is. */
export interface Due {
  /** As the tool says it (English: "2:17 PM", "Monday, 9:00 AM"). */
  said: string;
  /** Epoch ms, when known. */
  atMs: number | null;
  /** Epoch ms now, and the user's zone: a moment is said relative to today. */
  nowMs: number;
  timeZone?: string;
}

/** What the responder says, in one language. */
export interface ResponderLines {
  /** What it says to what it cannot answer: one short sentence. */
  cannotAnswer: string;
  /** The same, said again: shorter still. */
  cannotAnswerAgain: string;
  /** Its answer to "what can you do" (and to "help"). */
  help: string;
  youSaid(previous: string): string;
  firstThing: string;
  /** A greeting answered: `greeting` as the user said it, first letter made upper case. */
  greeting(greeting: string): string;
  welcome: string;
  goodbye: string;
  whoAmI: string;
  /** A reminder asked without its time. */
  when: string;
  /** The turn has no reminder or note tools. */
  noTools: string;
  time(reading: ClockReading): string;
  date(reading: ClockReading): string;
  /** "2 plus 2 is 4.": the sum as said back, and its result as said. */
  sum(spoken: string, result: string): string;
  divisionByZero(spoken: string): string;
  cannotWorkOut(spoken: string): string;
  /** A note saved on the user's yes: the fact as said back ("your sister is called Anna"). */
  noted(fact: string): string;
  noteDeclined: string;
  noteFailed(error: string | null): string;
  /** A reminder set: when, and what of (said back). */
  reminded(due: Due, what: string): string;
  timerSet(delayMs: number, due: Due): string;
  reminderDeclined: string;
  reminderFailed(error: string | null): string;
  /** The user's pending reminders (at most five said, of `total`). */
  reminders(said: readonly { due: Due; what: string }[], total: number): string;
  noReminders: string;
}
