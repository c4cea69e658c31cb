import { describeDelay } from '../../../tools/builtin/durations.ts';
import { ENGLISH_NUMBERS } from './arithmetic.ts';
import { ENGLISH_RECALL_WORDS } from './recall-words.ts';
import type { ResponderWords } from './responder-words.ts';
import { spokenDuration } from './spoken-duration.ts';

/** What may stand before a request: "please", "can you"… */
const LEAD = String.raw`^(?:please |can you |could you |would you )?`;
const FORGET_LEAD = String.raw`^(?:please |ok(?:ay)? |can you |could you )*`;

/**
 * How goodbye is written: PocketSphinx's "goodbye" and "good bye", Moonshine's "Good-bye." and
 * "Good-by," (both dictionary spellings). "good by" is not among them: "that's good by me".
 */
const GOODBYES = ['goodbye', 'good bye', 'good-bye', 'goodby', 'good-by', 'bye-bye', 'bye'];

const HELP =
  "I'm the offline responder. I can tell you the time or the date, do simple arithmetic like " +
  '"what is twelve times seven", set reminders like "remind me in ten minutes to call Anna", ' +
  'remember things you ask me to, and repeat what you just said. Connect a model in Settings ' +
  'for real answers.';

/** English: the responder's first language. */
export const ENGLISH_WORDS: ResponderWords = {
  language: 'en',
  normalise: (text) =>
    text
      .toLowerCase()
      .replace(/(\d),(?=\d{3}\b)/g, '$1')
      .replace(/[’']/g, "'")
      .replace(/[^a-z0-9'+\-*/. ]/g, ' ')
      .replace(/\s+/g, ' ')
      .trim(),
  numbers: ENGLISH_NUMBERS,
  duration: spokenDuration,
  yourWords: ENGLISH_RECALL_WORDS.yourWords,
  asks: {
    repeat: /\bwhat did i (just )?say\b|\bwhat i (just )?said\b|\brepeat (that|what i said)\b/,
    time: [
      /\b(what('s| is) the time|what time is it|tell me the time|current time|the time now)\b/,
      // The recogniser often loses or mishears a quiet last word ("what time is a", "what time
      // is"): still a question about the time, not something to answer at length.
      /\bwhat time is( (it|a|at|this))?$/,
    ],
    date: /\b(date|what day is it|which day is it|what day is today|what('s| is) the day|day of the week)\b/,
    // "What can you do" whose quiet last word the recogniser lost or misheard ("what can you",
    // "what can you tube"): the whole utterance, nothing after it.
    help: [/\b(help|what can you do|what do you do)\b/, /^what can you( \w+)?$/],
    greeting: /^(hello|hi|hey|good (morning|afternoon|evening))\b/,
    thanks: /\b(thank you|thanks)\b/,
    whoAreYou: /\b(who are you|what('s| is) your name|are you (a robot|real|an ai))\b/,
    known:
      /\b(time|date|day|help|what can you do|hello|hi|hey|thank|who are you|your name|what did i|what i said|repeat|remind|remember|forget|reminders|timers?)\b/,
  },
  requests: {
    reminders: [
      new RegExp(`${LEAD}remind me (?:in|after) (?<delay>.+?) (?:to|that|about) (?<what>.+)$`, 'i'),
      new RegExp(`${LEAD}remind me (?:to|that|about) (?<what>.+) in (?<delay>.+)$`, 'i'),
      new RegExp(`${LEAD}(?:set |start )?(?:a |an )?(?:timer|alarm) for (?<delay>.+)$`, 'i'),
    ],
    reminderWithoutTime: /^(?:please )?(?:remember to|remind me to|remind me)\b/i,
    note: /^(?:please |can you |could you |would you )?remember (?:that )?(?<what>.+)$/i,
    notANote: /^to\b/i,
    recall:
      /\b(?:what do you (?:remember|know)|what have i told you|what did i (?:ask|tell) you to remember)\b(?: about (?<about>.+))?/,
    recallNoise: /\b(me|my|myself|the|a|an)\b/g,
    listReminders: [/\b(reminders|timers)\b/i, /\b(what|which|list|show|any|my)\b/i],
    forgetLast: new RegExp(
      `${FORGET_LEAD}(?:forget (?:that|this|the last (?:note|one|thing)|what i (?:just )?(?:said|told you))|(?:delete|remove) (?:that|the last) note)$`,
    ),
    forgetAbout: new RegExp(
      `${FORGET_LEAD}(?:forget|delete the note|remove the note)(?: that| about| the note about)? (?<words>.+)$`,
    ),
    goodbye: new RegExp(String.raw`\b(${GOODBYES.join('|')})\b`, 'i'),
  },
  recall: ENGLISH_RECALL_WORDS,
  lines: {
    cannotAnswer: "I can't answer that yet; connect a model in Settings.",
    cannotAnswerAgain: "Sorry, I can't answer that yet.",
    help: HELP,
    youSaid: (previous) => `You said: "${previous}".`,
    firstThing: "That's the first thing you've said to me.",
    greeting: (greeting) => `${greeting}! Ask me the time, the date or a sum.`,
    welcome: "You're welcome.",
    goodbye: 'Goodbye! Talk to you soon.',
    whoAmI:
      "I'm Parley's offline responder, a simple program on this relay. Connect a model in Settings for real answers.",
    when: 'When? Say, for example: remind me in ten minutes to call Anna.',
    noTools: "I can't set reminders or keep notes here: the relay has them switched off.",
    time: (reading) => `It's ${reading.time}.`,
    date: (reading) => `Today is ${reading.date}.`,
    sum: (spoken, result) => `${spoken} is ${result}.`,
    divisionByZero: (spoken) => `${spoken} is undefined, because you can't divide by zero.`,
    cannotWorkOut: (spoken) => `I can't work out ${spoken}.`,
    noted: (fact) => `OK, I'll remember that ${fact}.`,
    noteDeclined: "OK, I won't remember it.",
    noteFailed: (error) => `I couldn't remember that: ${error ?? 'it failed.'}`,
    reminded: (due, what) => `OK, I'll remind you at ${due.said} to ${what}.`,
    timerSet: (delayMs, due) =>
      `OK, a timer for ${describeDelay(delayMs)}: it rings at ${due.said}.`,
    reminderDeclined: "OK, I won't set it.",
    reminderFailed: (error) => `I couldn't set it: ${error ?? 'it failed.'}`,
    reminders: (said, total) =>
      `You have ${total} reminder${total === 1 ? '' : 's'}: ${said
        .map((r) => `at ${r.due.said}, ${r.what}`)
        .join('; ')}.`,
    noReminders: "You don't have any reminders.",
  },
};
