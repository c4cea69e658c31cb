import { arithmeticTool } from '../../../tools/builtin/arithmetic.ts';
import { clockTool, type ClockReading } from '../../../tools/builtin/clock.ts';
import type { ToolContext, ToolResult, ToolRunRecorder } from '../../../tools/tool.ts';
import type { Toolbox } from '../../../tools/toolbox.ts';
import type { Calculation } from './arithmetic.ts';
import { saidNo, type CallResult } from './confirmation.ts';
import type { Due, ResponderWords } from './responder-words.ts';
import { ENGLISH_WORDS } from './words-en.ts';

/** What the responder's answers that run a tool work with. */
export interface ToolAnswerContext {
  /** Epoch ms. */
  now: number;
  timeZone?: string;
  /** The conversation's language (BCP 47): what the tools' lines for people are in. */
  language?: string;
  /** The turn's tools (reminders, notes); absent: none (built-in tools switched off). */
  toolbox?: Toolbox;
  signal: AbortSignal;
  /** Records each tool run with the turn; absent: not recorded. */
  toolRuns?: ToolRunRecorder;
}

/** Said (in English) when the turn has no reminder or note tools. */
export const NO_TOOLS = ENGLISH_WORDS.lines.noTools;

/**
 * The read-only tools every responder has (time, date, sums) need no user: they run here, the
 * same implementation a model's tool call runs.
 */
function anyone(ctx: ToolAnswerContext): ToolContext {
  return {
    userId: '',
    sessionId: '',
    signal: ctx.signal,
    now: () => ctx.now,
    ...(ctx.timeZone === undefined ? {} : { timeZone: ctx.timeZone }),
    ...(ctx.language === undefined ? {} : { language: ctx.language }),
  };
}

/** Runs `run` as call `name` on `args`, recorded with the turn when it records tools. */
function recorded<T extends ToolResult | null>(
  ctx: ToolAnswerContext,
  name: string,
  args: Record<string, unknown>,
  run: () => Promise<T>,
): Promise<T> {
  return ctx.toolRuns ? ctx.toolRuns(name, args, run) : run();
}

async function reading(ctx: ToolAnswerContext): Promise<ClockReading> {
  const read = await recorded(ctx, clockTool.name, {}, () => clockTool.run({}, anyone(ctx)));
  return JSON.parse(read.content) as ClockReading;
}

/** "It's 2:07 PM.", "Het is 14:07." */
export async function timeAnswer(ctx: ToolAnswerContext, w: ResponderWords): Promise<string> {
  return w.lines.time(await reading(ctx));
}

/** "Today is Sunday, November 22, 2026.", "Vandaag is het zondag 22 november 2026." */
export async function dateAnswer(ctx: ToolAnswerContext, w: ResponderWords): Promise<string> {
  return w.lines.date(await reading(ctx));
}

/** "2 plus 2 is 4.", or why a sum has no answer. */
export async function sumAnswer(
  calc: Calculation,
  ctx: ToolAnswerContext,
  w: ResponderWords,
): Promise<string> {
  const args = { expression: calc.expression };
  const result = await recorded(ctx, arithmeticTool.name, args, () =>
    arithmeticTool.run(args, anyone(ctx)),
  );
  const json = JSON.parse(result.content) as { result?: string; error?: string };
  const sentence = result.isError
    ? json.error === 'division-by-zero'
      ? w.lines.divisionByZero(calc.spoken)
      : w.lines.cannotWorkOut(calc.spoken)
    : w.lines.sum(calc.spoken, w.numbers.format(Number(json.result)));
  return sentence.charAt(0).toUpperCase() + sentence.slice(1);
}

/** Runs a tool of the turn (recorded with it); null when the turn has none of that name. */
export function run(
  ctx: ToolAnswerContext,
  name: string,
  args: Record<string, unknown>,
): Promise<ToolResult | null> {
  const { toolbox } = ctx;
  if (!toolbox) return Promise.resolve(null);
  return recorded(ctx, name, args, () => toolbox.run(name, args, ctx.signal, ctx.language));
}

/**
 * Runs a read-only tool of the turn unrecorded; `show` records that same run with the turn, for
 * when the answer rests on it. Null when the turn has no tool of that name.
 */
export async function readUnshown(
  ctx: ToolAnswerContext,
  name: string,
  args: Record<string, unknown>,
): Promise<{ result: ToolResult; show: () => Promise<void> } | null> {
  const { toolbox } = ctx;
  const result = toolbox ? await toolbox.run(name, args, ctx.signal, ctx.language) : null;
  if (!result) return null;
  return {
    result,
    show: async () => {
      await recorded(ctx, name, args, () => Promise.resolve(result));
    },
  };
}

/** When a reminder the tools describe (`due`, `dueAt`) is due, for the lines to say. */
function dueOf(
  described: { due?: unknown; dueAt?: unknown } | undefined,
  ctx: ToolAnswerContext,
): Due {
  const atMs = typeof described?.dueAt === 'string' ? Date.parse(described.dueAt) : NaN;
  return {
    said: typeof described?.due === 'string' ? described.due : '',
    atMs: Number.isNaN(atMs) ? null : atMs,
    nowMs: ctx.now,
    ...(ctx.timeZone === undefined ? {} : { timeZone: ctx.timeZone }),
  };
}

/**
 * What the responder says once its call was settled (see `lastCallResult`): what was done, why
 * it could not be, or that it was not (the user said no). Null when it was not run and the
 * user said something else: their words are answered as any others. Pure.
 */
export function afterCall(
  result: CallResult,
  w: ResponderWords,
  ctx: ToolAnswerContext,
): string | null {
  if (result.name === 'delete_note') return afterForget(result, w);
  const note = result.name === 'save_note';
  if (!note && result.name !== 'set_reminder') return null;
  const { answer, args } = result;
  const text = typeof args.text === 'string' ? args.text : '';
  if (answer === null) {
    if (!saidNo(result, w.language)) return null;
    return note ? w.lines.noteDeclined : w.lines.reminderDeclined;
  }
  if (result.isError) {
    const error = typeof answer.error === 'string' ? answer.error : null;
    return note ? w.lines.noteFailed(error) : w.lines.reminderFailed(error);
  }
  if (note) return w.lines.noted(w.recall.fact(text));
  const due = dueOf(answer.set as { due?: unknown; dueAt?: unknown } | undefined, ctx);
  const delaySeconds = typeof args.delaySeconds === 'number' ? args.delaySeconds : 0;
  return text.toLowerCase() === 'timer'
    ? w.lines.timerSet(delaySeconds * 1000, due)
    : w.lines.reminded(due, w.yourWords(text));
}

/** What the responder says once its `delete_note` call was settled (see `afterCall`). */
function afterForget(result: CallResult, w: ResponderWords): string | null {
  const { answer } = result;
  const lines = w.recall.lines;
  if (answer === null) return saidNo(result, w.language) ? lines.kept : null;
  if (result.isError) return lines.nothingToForget;
  const deleted = answer.deleted as { text?: unknown } | undefined;
  const text = typeof deleted?.text === 'string' ? deleted.text : '';
  return lines.forgot(w.recall.fact(text));
}

/** The user's pending reminders, said. */
export async function remindersAnswer(ctx: ToolAnswerContext, w: ResponderWords): Promise<string> {
  const result = await run(ctx, 'list_reminders', {});
  if (!result) return w.lines.noTools;
  const { reminders } = JSON.parse(result.content) as {
    reminders: { text: string; due: string; dueAt: string }[];
  };
  if (reminders.length === 0) return w.lines.noReminders;
  const said = reminders
    .slice(0, 5)
    .map((r) => ({ due: dueOf(r, ctx), what: w.yourWords(r.text) }));
  return w.lines.reminders(said, reminders.length);
}
