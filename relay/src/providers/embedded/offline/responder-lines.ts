/** What the offline responder says that does not depend on the question: its fixed lines. */

/**
 * Shown to the user as text (the `ready` message's `providers.llm.notice`) while the offline
 * responder answers, beside the page's "Connect a model": a few words on a banner over the
 * conversation, on a phone too (the first screen says at length what it can do).
 */
export const OFFLINE_NOTICE = 'Offline responder: simple answers only.';

/** What it says to what it cannot answer: one short sentence (the notice says the rest). */
export const CANNOT_ANSWER = "I can't answer that yet; connect a model in Settings.";
/** The same, said again: shorter still. */
export const CANNOT_ANSWER_AGAIN = "Sorry, I can't answer that yet.";

/** Its answer to "what can you do" (and to "help"). */
export const HELP =
  "I'm the offline responder. I can tell you the time or the date, do simple arithmetic like " +
  '"what is twelve times seven", set reminders like "remind me in ten minutes to call Anna", ' +
  'remember things you ask me to, and repeat what you just said. Connect a model in Settings ' +
  'for real answers.';
