import { yesOrNo } from '@parley/shared';
import { builtinToolWords } from '../../../tools/builtin/tool-words.ts';
import { readNumber, tokenize } from './arithmetic.ts';

/** "remind me in ten minutes to call Anna", read. */
export interface ReminderRequest {
  /** What to remind of ("call Anna"); "Timer" for a plain timer. */
  text: string;
  delaySeconds: number;
  /** True for "set a timer for…" (no text of its own). */
  timer: boolean;
}

const UNIT_SECONDS: Readonly<Record<string, number>> = {
  second: 1,
  seconds: 1,
  sec: 1,
  secs: 1,
  minute: 60,
  minutes: 60,
  min: 60,
  mins: 60,
  hour: 3_600,
  hours: 3_600,
  day: 86_400,
  days: 86_400,
};

/**
 * A spoken duration in seconds: "ten minutes", "1 hour and 30 minutes", "an hour", "half an
 * hour", "an hour and a half", "90 seconds"; null unless the words are a duration and only that.
 * Pure.
 */
export function spokenDuration(text: string): number | null {
  const tokens = tokenize(text);
  let total = 0;
  let lastUnit = 0;
  let i = 0;
  while (i < tokens.length) {
    const t = tokens[i];
    const next = tokens[i + 1];
    if ((t === 'a' || t === 'an') && next === 'half' && lastUnit > 0 && i + 2 === tokens.length) {
      // "an hour and a half": half of the unit before.
      total += lastUnit / 2;
      i += 2;
      continue;
    }
    let count: number;
    if (t === 'half' && (next === 'a' || next === 'an')) {
      count = 0.5;
      i += 2;
    } else if (t === 'a' || t === 'an') {
      count = 1;
      i += 1;
    } else {
      const n = readNumber(tokens, i);
      if (!n) return null;
      count = n.value;
      i = n.next;
    }
    const unit = UNIT_SECONDS[tokens[i] ?? ''];
    if (unit === undefined) return null;
    total += count * unit;
    lastUnit = unit;
    i += 1;
  }
  return total > 0 ? Math.round(total) : null;
}

/** `text` without what ends a sentence, first letter kept as said. */
function clause(text: string): string {
  return text.trim().replace(/[\s.!?]+$/, '');
}

/**
 * A request for a reminder or a timer ("remind me in ten minutes to call Anna", "remind me to
 * stretch in 1 minute", "set a timer for five minutes"), or null. Pure.
 */
export function reminderRequest(said: string): ReminderRequest | null {
  const text = clause(said);
  const lead = String.raw`^(?:please |can you |could you |would you )?`;
  const ahead = new RegExp(`${lead}remind me (?:in|after) (.+?) (?:to|that|about) (.+)$`, 'i').exec(
    text,
  );
  const behind = new RegExp(`${lead}remind me (?:to|that|about) (.+) in (.+)$`, 'i').exec(text);
  const timer = new RegExp(`${lead}(?:set |start )?(?:a |an )?(?:timer|alarm) for (.+)$`, 'i').exec(
    text,
  );
  const found = ahead
    ? { delay: ahead[1], what: ahead[2] }
    : behind
      ? { delay: behind[2], what: behind[1] }
      : timer
        ? { delay: timer[1], what: undefined }
        : null;
  if (!found?.delay) return null;
  const delaySeconds = spokenDuration(found.delay);
  if (delaySeconds === null) return null;
  const what = found.what?.trim();
  return what
    ? { text: what, delaySeconds, timer: false }
    : { text: 'Timer', delaySeconds, timer: true };
}

/**
 * What to remember from "remember that my sister's name is Anna" (as said, first letter up:
 * "My sister's name is Anna"); null for anything else, "remember to…" included (a reminder
 * without its time). Pure.
 */
export function noteRequest(said: string): string | null {
  const m = /^(?:please |can you |could you |would you )?remember (?:that )?(.+)$/i.exec(
    clause(said),
  );
  const what = m?.[1]?.trim();
  if (!what || /^to\b/i.test(what)) return null;
  return what.charAt(0).toUpperCase() + what.slice(1);
}

/** "remember to buy milk": a reminder asked without its time. Pure. */
export function reminderWithoutTime(said: string): boolean {
  return /^(?:please )?(?:remember to|remind me to|remind me)\b/i.test(clause(said));
}

/**
 * "what do you remember", "what do you know about my sister", "what did I ask you to remember":
 * the word to look for ('' for everything), or null when that is not the question. Pure.
 */
export function recallRequest(said: string): string | null {
  const text = clause(said).toLowerCase();
  const m =
    /\b(?:what do you (?:remember|know)|what have i told you|what did i (?:ask|tell) you to remember)\b(?: about (.+))?/.exec(
      text,
    );
  if (!m) return null;
  const about = (m[1] ?? '').replace(/\b(me|my|myself|the|a|an)\b/g, ' ').trim();
  return about.replace(/\s+/g, ' ');
}

/** "what reminders do I have", "list my timers". Pure. */
export function listRemindersRequest(said: string): boolean {
  return /\b(reminders|timers)\b/i.test(said) && /\b(what|which|list|show|any|my)\b/i.test(said);
}

/** "yes", "sure, do it"…: a yes and only that (the shared table of yes and no words). Pure. */
export function isYes(said: string): boolean {
  return yesOrNo(said) === 'yes';
}

/** "no", "don't", "yes — no, wait"…: a no (the shared table). Pure. */
export function isNo(said: string): boolean {
  return yesOrNo(said) === 'no';
}

/**
 * How goodbye is written: PocketSphinx's "goodbye" and "good bye", Moonshine's "Good-bye." and
 * "Good-by," (both dictionary spellings). "good by" is not among them: "that's good by me".
 */
const GOODBYES = ['goodbye', 'good bye', 'good-bye', 'goodby', 'good-by', 'bye-bye', 'bye'];
const GOODBYE = new RegExp(String.raw`\b(${GOODBYES.join('|')})\b`, 'i');

/** "Goodbye", "Good-by.", "bye-bye"…: the user takes leave. Pure. */
export function isGoodbye(said: string): boolean {
  return GOODBYE.test(said);
}

/** What the user said of themselves, said back to them: "my sister" → "your sister". Pure. */
export function secondPerson(text: string): string {
  return builtinToolWords().yourWords(text);
}
