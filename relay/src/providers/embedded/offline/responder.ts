import type { ToolRunRecorder } from '../../../tools/tool.ts';
import type { Toolbox } from '../../../tools/toolbox.ts';
import type { ChatMessage } from '../../stages/llm.ts';
import { calculate } from './arithmetic.ts';
import { lastCallResult, proposalFor, proposedCall, type ResponderCall } from './confirmation.ts';
import {
  alreadyKnown,
  forgetMove,
  notesAnswer,
  ownQuestion,
  recallAnswer,
} from './note-answers.ts';
import { forgetRequest } from './note-match.ts';
import {
  isGoodbye,
  isNo,
  isYes,
  listRemindersRequest,
  recallRequest,
  reminderWithoutTime,
} from './requests.ts';
import { responderWordsFor } from './responder-language.ts';
import type { ResponderWords } from './responder-words.ts';
import {
  afterCall,
  dateAnswer,
  remindersAnswer,
  sumAnswer,
  timeAnswer,
  type ToolAnswerContext,
} from './tool-answers.ts';

export { CANNOT_ANSWER, CANNOT_ANSWER_AGAIN, OFFLINE_NOTICE } from './responder-lines.ts';

/** What the offline responder knows about the moment it answers. */
export interface ResponderContext {
  /** Epoch ms. */
  now: number;
  /** IANA time zone for times and dates; invalid or missing zones fall back to the relay's. */
  timeZone?: string;
  /**
   * The conversation's language (BCP 47: "nl", "nl-BE"): what it understands and answers in.
   * Absent, or one it has no words for: English.
   */
  language?: string;
  /** The turn's tools (reminders, notes), bound to its user; absent: none. */
  toolbox?: Toolbox;
  /** Aborts a tool still running (the turn was interrupted). */
  signal?: AbortSignal;
  /** Records each tool it runs with the turn (shown and stored as a model's calls are). */
  toolRuns?: ToolRunRecorder;
}

/** The tool context of `context`: what the responder's own tool runs work with. */
function toolsOf(context: ResponderContext): ToolAnswerContext {
  return {
    now: context.now,
    signal: context.signal ?? new AbortController().signal,
    ...(context.timeZone === undefined ? {} : { timeZone: context.timeZone }),
    ...(context.language === undefined ? {} : { language: context.language }),
    ...(context.toolbox === undefined ? {} : { toolbox: context.toolbox }),
    ...(context.toolRuns === undefined ? {} : { toolRuns: context.toolRuns }),
  };
}

/** What the responder does with the user's newest words: a call the relay asks about, or words. */
export type ResponderMove = { call: ResponderCall } | { text: string };

/**
 * The responder's move, as a model's: what changes what is kept (a reminder set, a note saved,
 * a note forgotten) is a call of the turn's tool (`offered`, by name), which the relay asks the
 * user about and runs on their yes; a fact already kept is said to be, not saved twice; anything
 * else is answered (`respond`).
 */
export async function nextMove(
  history: readonly ChatMessage[],
  context: ResponderContext,
  offered: ReadonlySet<string>,
): Promise<ResponderMove> {
  const w = responderWordsFor(context.language);
  const last = history.at(-1);
  if (last?.role === 'user' && context.toolbox) {
    const tools = toolsOf(context);
    const forget = await forgetMove(last.content, tools, w);
    if (forget && 'call' in forget)
      return offered.has(forget.call.name) ? forget : { text: w.lines.noTools };
    if (forget) return forget;
    const proposal = proposalFor(last.content, w);
    const known =
      proposal?.kind === 'note' ? await alreadyKnown(proposal.text, tools, w.recall) : null;
    if (known !== null) return { text: known };
  }
  const call = proposedCall(history, offered, w);
  return call ? { call } : { text: await respond(history, context) };
}

/**
 * A deterministic, offline stand-in for an LLM that says what it is. Understands a few intents
 * (time, date, arithmetic, reminders, notes, "what did I just say", help, greetings), in the
 * conversation's language where it has its words (English, Dutch), and otherwise says in one
 * short sentence that it cannot answer. It has no model to call tools: a rule per intent
 * decides which built-in tool runs (the same implementations a model's tool calls run). What
 * would change what is kept — a reminder, a note — it calls as a model would (`nextMove`): the
 * relay asks the user and runs it on their yes; then this says what was done, read back from
 * the call's result in the conversation. Here, such a request only comes when the turn offers
 * no such tool: it says so.
 */
export async function respond(
  history: readonly ChatMessage[],
  context: ResponderContext,
): Promise<string> {
  const w = responderWordsFor(context.language);
  const { asks, lines } = w;
  const users = history.filter((m) => m.role === 'user');
  const last = users.at(-1)?.content ?? '';
  const text = w.normalise(last);
  const tools = toolsOf(context);

  const called = lastCallResult(history);
  const after = called ? afterCall(called, w, tools) : null;
  if (after !== null) return after;

  if (asks.repeat.test(text)) {
    const previous = users.at(-2)?.content;
    return previous ? lines.youSaid(previous) : lines.firstThing;
  }
  // Asked here (not through `nextMove`), what changes what is kept cannot be done: it is only
  // ever done as a call the relay asks the user about.
  if (forgetRequest(last, w.requests)) {
    const forget = context.toolbox ? await forgetMove(last, tools, w) : null;
    return forget && 'text' in forget ? forget.text : lines.noTools;
  }
  const proposal = proposalFor(last, w);
  if (proposal) {
    const known =
      proposal.kind === 'note' && context.toolbox
        ? await alreadyKnown(proposal.text, tools, w.recall)
        : null;
    return known ?? lines.noTools;
  }
  if (reminderWithoutTime(last, w)) return lines.when;
  const recall = recallRequest(last, w);
  if (recall !== null) return context.toolbox ? recallAnswer(recall, tools, w) : lines.noTools;
  if (listRemindersRequest(text, w)) return remindersAnswer(tools, w);
  // A question about the user's own facts ("what is my sister called") is the notes' before
  // any rule of the responder's own ("what date is my sister's birthday" is not today's date).
  const own = ownQuestion(last, w.recall) ? await notesAnswer(last, tools, w.recall) : null;
  if (own?.answer) return own.answer;
  if (asks.time.some((p) => p.test(text))) return timeAnswer(tools, w);
  if (asks.date.test(text)) return dateAnswer(tools, w);
  const calc = calculate(text, w.numbers);
  if (calc) return sumAnswer(calc, tools, w);
  if (asks.help.some((p) => p.test(text))) return lines.help;
  const greeting = asks.greeting.exec(text)?.[0];
  if (greeting) return lines.greeting(`${greeting.charAt(0).toUpperCase()}${greeting.slice(1)}`);
  if (asks.thanks.test(text)) return lines.welcome;
  if (isGoodbye(text, w)) return lines.goodbye;
  if (asks.whoAreYou.test(text)) return lines.whoAmI;
  // Any other question the notes may answer ("where is the spare key"), before "I can't": the
  // look is shown only when a note answers ("what is the weather like today" is not the notes').
  const asked = own ?? (await notesAnswer(last, tools, w.recall, 'when-answered'));
  if (asked.answer) return asked.answer;
  if (own?.subject) return w.recall.lines.notToldMe;
  const fallbacks = users.filter((m) => !isKnownIntent(m.content, w)).length;
  return fallbacks <= 1 ? lines.cannotAnswer : lines.cannotAnswerAgain;
}

function isKnownIntent(said: string, w: ResponderWords): boolean {
  const text = w.normalise(said);
  return (
    w.asks.known.test(text) ||
    isGoodbye(said, w) ||
    isYes(said, w) ||
    isNo(said, w) ||
    w.asks.help.some((p) => p.test(text)) ||
    calculate(text, w.numbers) !== null
  );
}
