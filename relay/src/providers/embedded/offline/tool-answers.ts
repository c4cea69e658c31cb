import { arithmeticTool } from '../../../tools/builtin/arithmetic.ts';
import { clockTool, type ClockReading } from '../../../tools/builtin/clock.ts';
import { describeDelay } from '../../../tools/builtin/durations.ts';
import type { ToolContext, ToolResult, ToolRunRecorder } from '../../../tools/tool.ts';
import type { Toolbox } from '../../../tools/toolbox.ts';
import { format, type Calculation } from './arithmetic.ts';
import { saidNo, type CallResult } from './confirmation.ts';
import type { RecallWords } from './recall-words.ts';
import { secondPerson } from './requests.ts';

/** What the responder's answers that run a tool work with. */
export interface ToolAnswerContext {
  /** Epoch ms. */
  now: number;
  timeZone?: string;
  /** The turn's tools (reminders, notes); absent: none (built-in tools switched off). */
  toolbox?: Toolbox;
  signal: AbortSignal;
  /** Records each tool run with the turn; absent: not recorded. */
  toolRuns?: ToolRunRecorder;
}

/** Said when the turn has no reminder or note tools. */
export const NO_TOOLS =
  "I can't set reminders or keep notes here: the relay has them switched off.";

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

/** "It's 2:07 PM." */
export async function timeAnswer(ctx: ToolAnswerContext): Promise<string> {
  return `It's ${(await reading(ctx)).time}.`;
}

/** "Today is Sunday, November 22, 2026." */
export async function dateAnswer(ctx: ToolAnswerContext): Promise<string> {
  return `Today is ${(await reading(ctx)).date}.`;
}

/** "2 plus 2 is 4.", or why a sum has no answer. */
export async function sumAnswer(calc: Calculation, ctx: ToolAnswerContext): Promise<string> {
  const args = { expression: calc.expression };
  const result = await recorded(ctx, arithmeticTool.name, args, () =>
    arithmeticTool.run(args, anyone(ctx)),
  );
  const json = JSON.parse(result.content) as { result?: string; error?: string };
  const sentence = result.isError
    ? json.error === 'division-by-zero'
      ? `${calc.spoken} is undefined, because you can't divide by zero.`
      : `I can't work out ${calc.spoken}.`
    : `${calc.spoken} is ${format(Number(json.result))}.`;
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
  return recorded(ctx, name, args, () => toolbox.run(name, args, ctx.signal));
}

/**
 * What the responder says once its call was settled (see `lastCallResult`): what was done, why
 * it could not be, or that it was not (the user said no). Null when it was not run and the
 * user said something else: their words are answered as any others. Pure.
 */
export function afterCall(result: CallResult, w: RecallWords): string | null {
  if (result.name === 'delete_note') return afterForget(result, w);
  const note = result.name === 'save_note';
  if (!note && result.name !== 'set_reminder') return null;
  const { answer, args } = result;
  const text = typeof args.text === 'string' ? args.text : '';
  if (answer === null) {
    if (!saidNo(result)) return null;
    return note ? "OK, I won't remember it." : "OK, I won't set it.";
  }
  if (result.isError) {
    const error = typeof answer.error === 'string' ? answer.error : 'it failed.';
    return note ? `I couldn't remember that: ${error}` : `I couldn't set it: ${error}`;
  }
  if (note) return `OK, I'll remember that ${lowerFirst(secondPerson(text))}.`;
  const set = answer.set as { due?: unknown } | undefined;
  const due = typeof set?.due === 'string' ? set.due : '';
  const delaySeconds = typeof args.delaySeconds === 'number' ? args.delaySeconds : 0;
  return text.toLowerCase() === 'timer'
    ? `OK, a timer for ${describeDelay(delaySeconds * 1000)}: it rings at ${due}.`
    : `OK, I'll remind you at ${due} to ${secondPerson(text)}.`;
}

/** What the responder says once its `delete_note` call was settled (see `afterCall`). */
function afterForget(result: CallResult, w: RecallWords): string | null {
  const { answer } = result;
  if (answer === null) return saidNo(result) ? w.lines.kept : null;
  if (result.isError) return w.lines.nothingToForget;
  const deleted = answer.deleted as { text?: unknown } | undefined;
  const text = typeof deleted?.text === 'string' ? deleted.text : '';
  return w.lines.forgot(lowerFirst(secondPerson(text)));
}

/** The user's pending reminders, said. */
export async function remindersAnswer(ctx: ToolAnswerContext): Promise<string> {
  const result = await run(ctx, 'list_reminders', {});
  if (!result) return NO_TOOLS;
  const { reminders } = JSON.parse(result.content) as {
    reminders: { text: string; due: string }[];
  };
  if (reminders.length === 0) return "You don't have any reminders.";
  const said = reminders.slice(0, 5).map((r) => `at ${r.due}, ${secondPerson(r.text)}`);
  const n = reminders.length;
  return `You have ${n} reminder${n === 1 ? '' : 's'}: ${said.join('; ')}.`;
}

/** `text` with its first letter lower case (an "I" kept). */
export function lowerFirst(text: string): string {
  return /^I\b/.test(text) ? text : text.charAt(0).toLowerCase() + text.slice(1);
}
