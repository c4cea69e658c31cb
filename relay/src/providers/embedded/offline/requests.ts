import { yesOrNo } from '@parley/shared';
import type { ResponderWords } from './responder-words.ts';
import { ENGLISH_WORDS } from './words-en.ts';

export { spokenDuration } from './spoken-duration.ts';

/**
 * The requests the offline responder hears, read by the patterns of one language's table
 * (`ResponderWords.requests`; English when none is given). Pure.
 */

/** "remind me in ten minutes to call Anna", read. */
export interface ReminderRequest {
  /** What to remind of ("call Anna"); "Timer" for a plain timer. */
  text: string;
  delaySeconds: number;
  /** True for "set a timer for…" (no text of its own). */
  timer: boolean;
}

/** `text` without what ends a sentence, first letter kept as said. */
function clause(text: string): string {
  return text.trim().replace(/[\s.!?]+$/, '');
}

/**
 * A request for a reminder or a timer ("remind me in ten minutes to call Anna", "remind me to
 * stretch in 1 minute", "set a timer for five minutes"; "herinner me over tien minuten aan de
 * was"), or null. Pure.
 */
export function reminderRequest(
  said: string,
  w: ResponderWords = ENGLISH_WORDS,
): ReminderRequest | null {
  const text = clause(said);
  for (const pattern of w.requests.reminders) {
    const found = pattern.exec(text)?.groups;
    if (!found?.delay) continue;
    const delaySeconds = w.duration(found.delay);
    if (delaySeconds === null) return null;
    const todo = found.todo && found.verb ? `${found.todo} ${found.verb}` : undefined;
    const what = (found.what ?? todo)?.trim();
    return what
      ? { text: what, delaySeconds, timer: false }
      : { text: 'Timer', delaySeconds, timer: true };
  }
  return null;
}

/**
 * What to remember from "remember that my sister's name is Anna" (as said, first letter up:
 * "My sister's name is Anna"); null for anything else, "remember to…" included (a reminder
 * without its time). Pure.
 */
export function noteRequest(said: string, w: ResponderWords = ENGLISH_WORDS): string | null {
  const what = w.requests.note.exec(clause(said))?.groups?.what?.trim();
  if (!what || w.requests.notANote.test(what)) return null;
  return what.charAt(0).toUpperCase() + what.slice(1);
}

/** "remember to buy milk": a reminder asked without its time. Pure. */
export function reminderWithoutTime(said: string, w: ResponderWords = ENGLISH_WORDS): boolean {
  return w.requests.reminderWithoutTime.test(clause(said));
}

/**
 * "what do you remember", "what do you know about my sister", "what did I ask you to remember":
 * the word to look for ('' for everything), or null when that is not the question. Pure.
 */
export function recallRequest(said: string, w: ResponderWords = ENGLISH_WORDS): string | null {
  const m = w.requests.recall.exec(clause(said).toLowerCase());
  if (!m) return null;
  const about = (m.groups?.about ?? '').replace(w.requests.recallNoise, ' ').trim();
  return about.replace(/\s+/g, ' ');
}

/** "what reminders do I have", "list my timers". Pure. */
export function listRemindersRequest(said: string, w: ResponderWords = ENGLISH_WORDS): boolean {
  return w.requests.listReminders.every((p) => p.test(said));
}

/** "yes", "sure, do it"…: a yes and only that (the shared table of yes and no words). Pure. */
export function isYes(said: string, w: ResponderWords = ENGLISH_WORDS): boolean {
  return yesOrNo(said, w.language) === 'yes';
}

/** "no", "don't", "yes — no, wait"…: a no (the shared table). Pure. */
export function isNo(said: string, w: ResponderWords = ENGLISH_WORDS): boolean {
  return yesOrNo(said, w.language) === 'no';
}

/** "Goodbye", "Good-by.", "bye-bye", "doei", "tot ziens"…: the user takes leave. Pure. */
export function isGoodbye(said: string, w: ResponderWords = ENGLISH_WORDS): boolean {
  return w.requests.goodbye.test(said);
}

/** What the user said of themselves, said back to them: "my sister" → "your sister". Pure. */
export function secondPerson(text: string, w: ResponderWords = ENGLISH_WORDS): string {
  return w.yourWords(text);
}
