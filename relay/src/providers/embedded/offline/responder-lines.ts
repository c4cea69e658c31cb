/** What the offline responder says that does not depend on the question: its fixed lines. */

/**
 * Shown to the user as text (the `ready` message's `providers.llm.notice`) while the offline
 * responder answers: what it is, and how to get real answers.
 */
export const OFFLINE_NOTICE =
  'Offline responder: it tells the time and the date, does sums, sets reminders, remembers ' +
  'what you ask it to and repeats what you said. For real answers, connect a model in ' +
  'Settings (OpenAI, Anthropic, Groq, or a local server such as Ollama or LM Studio).';

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
