import { arithmeticTool } from '../../../tools/builtin/arithmetic.ts';
import { clockTool, type ClockReading } from '../../../tools/builtin/clock.ts';
import { describeDelay } from '../../../tools/builtin/durations.ts';
import type { ToolContext, ToolResult, ToolRunRecorder } from '../../../tools/tool.ts';
import type { Toolbox } from '../../../tools/toolbox.ts';
import { format, type Calculation } from './arithmetic.ts';
import type { Proposal } from './confirmation.ts';
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

/** Carries out what the user said yes to: sets the reminder, or saves the note. */
export async function carryOut(proposal: Proposal, ctx: ToolAnswerContext): Promise<string> {
  if (proposal.kind === 'note') {
    const saved = await run(ctx, 'save_note', { text: proposal.text });
    if (!saved) return NO_TOOLS;
    if (saved.isError) return `I couldn't remember that: ${errorOf(saved)}`;
    return `OK, I'll remember that ${lowerFirst(secondPerson(proposal.text))}.`;
  }
  const { text, delaySeconds, timer } = proposal.request;
  const set = await run(ctx, 'set_reminder', { text, delaySeconds });
  if (!set) return NO_TOOLS;
  if (set.isError) return `I couldn't set it: ${errorOf(set)}`;
  const { due } = (JSON.parse(set.content) as { set: { due: string } }).set;
  return timer
    ? `OK, a timer for ${describeDelay(delaySeconds * 1000)}: it rings at ${due}.`
    : `OK, I'll remind you at ${due} to ${secondPerson(text)}.`;
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

function errorOf(result: ToolResult): string {
  try {
    const { error } = JSON.parse(result.content) as { error?: unknown };
    return typeof error === 'string' ? error : result.summary;
  } catch {
    return result.summary;
  }
}

/** `text` with its first letter lower case (an "I" kept). */
export function lowerFirst(text: string): string {
  return /^I\b/.test(text) ? text : text.charAt(0).toLowerCase() + text.slice(1);
}
