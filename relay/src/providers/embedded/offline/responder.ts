import type { ToolRunRecorder } from '../../../tools/tool.ts';
import type { Toolbox } from '../../../tools/toolbox.ts';
import type { ChatMessage } from '../../types.ts';
import { calculate } from './arithmetic.ts';
import { awaitingConfirmation, proposalFor } from './confirmation.ts';
import {
  isNo,
  isYes,
  listRemindersRequest,
  recallRequest,
  reminderWithoutTime,
} from './requests.ts';
import {
  carryOut,
  dateAnswer,
  NO_TOOLS,
  remindersAnswer,
  sumAnswer,
  timeAnswer,
} from './tool-answers.ts';
import {
  alreadyKnown,
  forgetAnswer,
  forgetDecided,
  notesAnswer,
  ownQuestion,
  recallAnswer,
} from './note-answers.ts';
import { recallWordsFor } from './recall-words.ts';
import { CANNOT_ANSWER, CANNOT_ANSWER_AGAIN, HELP } from './responder-lines.ts';

export { CANNOT_ANSWER, CANNOT_ANSWER_AGAIN, OFFLINE_NOTICE } from './responder-lines.ts';

/** What the offline responder knows about the moment it answers. */
export interface ResponderContext {
  /** Epoch ms. */
  now: number;
  /** IANA time zone for times and dates; invalid or missing zones fall back to the relay's. */
  timeZone?: string;
  /** The turn's tools (reminders, notes), bound to its user; absent: none. */
  toolbox?: Toolbox;
  /** Aborts a tool still running (the turn was interrupted). */
  signal?: AbortSignal;
  /** Records each tool it runs with the turn (shown and stored as a model's calls are). */
  toolRuns?: ToolRunRecorder;
}

function normalise(text: string): string {
  return text
    .toLowerCase()
    .replace(/(\d),(?=\d{3}\b)/g, '$1')
    .replace(/[’']/g, "'")
    .replace(/[^a-z0-9'+\-*/. ]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * A deterministic, offline stand-in for an LLM that says what it is. Understands a few intents
 * (time, date, arithmetic, reminders, notes, "what did I just say", help, greetings) and
 * otherwise says in one short sentence that it cannot answer. It has no model to call tools:
 * a rule per intent decides which built-in tool runs (the same implementations a model's tool
 * calls run). What would change what is kept — a reminder, a note — is asked first ("Shall I
 * remind you in 10 minutes to call Anna?") and done on the user's yes, read back from the
 * conversation: the responder keeps no state of its own.
 */
export async function respond(
  history: readonly ChatMessage[],
  context: ResponderContext,
): Promise<string> {
  const users = history.filter((m) => m.role === 'user');
  const last = users.at(-1)?.content ?? '';
  const text = normalise(last);
  const tools = {
    now: context.now,
    signal: context.signal ?? new AbortController().signal,
    ...(context.timeZone === undefined ? {} : { timeZone: context.timeZone }),
    ...(context.toolbox === undefined ? {} : { toolbox: context.toolbox }),
    ...(context.toolRuns === undefined ? {} : { toolRuns: context.toolRuns }),
  };

  const words = recallWordsFor(undefined);
  const awaiting = awaitingConfirmation(history);
  if (awaiting && isYes(last)) return carryOut(awaiting, tools);
  if (awaiting && isNo(last))
    return awaiting.kind === 'note' ? "OK, I won't remember it." : "OK, I won't set it.";
  if (context.toolbox) {
    const decided = await forgetDecided(
      history,
      { yes: isYes(last), no: isNo(last) },
      tools,
      words,
    );
    if (decided !== null) return decided;
  }

  if (
    /\bwhat did i (just )?say\b|\bwhat i (just )?said\b|\brepeat (that|what i said)\b/.test(text)
  ) {
    const previous = users.at(-2)?.content;
    return previous ? `You said: "${previous}".` : "That's the first thing you've said to me.";
  }
  const forget = context.toolbox ? await forgetAnswer(last, tools, words) : null;
  if (forget !== null) return forget;
  const proposal = proposalFor(last);
  if (proposal && !context.toolbox) return NO_TOOLS;
  if (proposal) {
    // A fact said again (maybe in other words) is not kept twice: the user hears it is known.
    const known = proposal.kind === 'note' ? await alreadyKnown(proposal.text, tools, words) : null;
    return known ?? proposal.question;
  }
  if (reminderWithoutTime(last))
    return 'When? Say, for example: remind me in ten minutes to call Anna.';
  const recall = recallRequest(last);
  if (recall !== null) return context.toolbox ? recallAnswer(recall, tools, words) : NO_TOOLS;
  if (listRemindersRequest(text)) return remindersAnswer(tools);
  // A question about the user's own facts ("what is my sister called") is the notes' before
  // any rule of the responder's own ("what date is my sister's birthday" is not today's date).
  const own = ownQuestion(last, words) ? await notesAnswer(last, tools, words) : null;
  if (own?.answer) return own.answer;
  if (
    /\b(what('s| is) the time|what time is it|tell me the time|current time|the time now)\b/.test(
      text,
    ) ||
    // The recogniser often loses or mishears a quiet last word ("what time is a", "what time
    // is"): still a question about the time, not something to answer at length.
    /\bwhat time is( (it|a|at|this))?$/.test(text)
  )
    return timeAnswer(tools);
  if (
    /\b(date|what day is it|which day is it|what day is today|what('s| is) the day|day of the week)\b/.test(
      text,
    )
  )
    return dateAnswer(tools);
  const calc = calculate(text);
  if (calc) return sumAnswer(calc, tools);
  if (/\b(help|what can you do|what do you do)\b/.test(text) || helpWithoutLastWord(text))
    return HELP;
  const greeting = /^(hello|hi|hey|good (morning|afternoon|evening))\b/.exec(text)?.[0];
  if (greeting)
    return `${greeting.charAt(0).toUpperCase()}${greeting.slice(1)}! Ask me the time, the date or a sum.`;
  if (/\b(thank you|thanks)\b/.test(text)) return "You're welcome.";
  if (/\b(good ?bye|bye)\b/.test(text)) return 'Goodbye! Talk to you soon.';
  if (/\b(who are you|what('s| is) your name|are you (a robot|real|an ai))\b/.test(text)) {
    return "I'm Parley's offline responder, a simple program on this relay. Connect a model in Settings for real answers.";
  }
  // Any other question the notes may answer ("where is the spare key"), before "I can't".
  const asked = own ?? (await notesAnswer(last, tools, words));
  if (asked.answer) return asked.answer;
  if (own?.subject) return words.lines.notToldMe;
  const fallbacks = users.filter((m) => !isKnownIntent(m.content)).length;
  return fallbacks <= 1 ? CANNOT_ANSWER : CANNOT_ANSWER_AGAIN;
}

function isKnownIntent(said: string): boolean {
  const text = normalise(said);
  return (
    /\b(time|date|day|help|what can you do|hello|hi|hey|thank|bye|who are you|your name|what did i|what i said|repeat|remind|remember|forget|reminders|timers?)\b/.test(
      text,
    ) ||
    isYes(said) ||
    isNo(said) ||
    helpWithoutLastWord(text) ||
    calculate(text) !== null
  );
}

/**
 * "What can you do" whose quiet last word the recogniser lost or misheard ("what can you",
 * "what can you tube"): the whole utterance, nothing after it.
 */
function helpWithoutLastWord(text: string): boolean {
  return /^what can you( \w+)?$/.test(text);
}
