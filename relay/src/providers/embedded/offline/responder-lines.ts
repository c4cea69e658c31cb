import { ENGLISH_WORDS } from './words-en.ts';

/** What the offline responder says that does not depend on the question: its fixed lines. */

/**
 * Shown to the user as text (the `ready` message's `providers.llm.notice`) while the offline
 * responder answers, beside the page's "Connect a model": a few words on a banner over the
 * conversation, on a phone too (the first screen says at length what it can do). The page's
 * message catalogue says it in the page's language.
 */
export const OFFLINE_NOTICE = 'Offline responder: simple answers only.';

/** What it says (in English) to what it cannot answer: one short sentence. */
export const CANNOT_ANSWER = ENGLISH_WORDS.lines.cannotAnswer;
/** The same, said again: shorter still. */
export const CANNOT_ANSWER_AGAIN = ENGLISH_WORDS.lines.cannotAnswerAgain;
/** Its answer (in English) to "what can you do" (and to "help"). */
export const HELP = ENGLISH_WORDS.lines.help;
