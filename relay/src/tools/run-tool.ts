import { cutTo, MAX_TOOL_SUMMARY_CHARS, type ToolCallStatus } from '@parley/shared';
import { abortable } from '../abortable.ts';
import { describeError, RelayError } from '../errors.ts';
import type { Logger } from '../log/logger.ts';
import type { Tool, ToolContext, ToolResult } from './tool.ts';

/** What became of one call: its status, and the result the model reads (in words, when it failed). */
export interface ToolOutcome {
  status: ToolCallStatus;
  result: ToolResult;
}

/** Longest result a model is given of one call (characters): a tool's answer is not a book. */
export const MAX_TOOL_RESULT_CHARS = 16_000;

/** How one call of a turn runs: its context, and the two reasons it may be stopped. */
export interface ToolRunLimits {
  /** What the tool runs with; its signal aborts on either of the two below. */
  context: ToolContext;
  /** The turn's: aborted by an interrupt, a new question, the session closing. */
  turnSignal: AbortSignal;
  /** The turn's tool time: aborted when it has run out ({@link budgetMs} in all). */
  budgetSignal: AbortSignal;
  budgetMs: number;
  log: Logger;
}

/**
 * Runs `tool` on arguments already checked: its result, or — it failed, threw, or was stopped —
 * a result that says so in plain words the model reads (never a rejection). A tool that ignores
 * its signal is left behind when it aborts: the turn does not wait for it.
 */
export async function runTool(
  tool: Tool,
  args: Record<string, unknown>,
  limits: ToolRunLimits,
): Promise<ToolOutcome> {
  try {
    const result = await abortable(tool.run(args, limits.context), limits.context.signal);
    return {
      status: result.isError === true ? 'failed' : 'done',
      result: {
        ...result,
        content: cutTo(result.content, MAX_TOOL_RESULT_CHARS),
        summary: cutTo(result.summary, MAX_TOOL_SUMMARY_CHARS),
      },
    };
  } catch (err) {
    if (limits.turnSignal.aborted)
      return notRun('cancelled', 'The user interrupted: the tool was stopped.', 'stopped');
    if (limits.budgetSignal.aborted)
      return notRun(
        'timed-out',
        `The tool did not answer within ${seconds(limits.budgetMs)} and was stopped.`,
        'timed out',
      );
    // A RelayError says what went wrong in words fit for the user; anything else is a bug.
    if (err instanceof RelayError)
      return notRun('failed', `The tool failed: ${err.message}`, cutTo(err.message, 80));
    limits.log.warn({ tool: tool.name, err: describeError(err) }, 'tool failed unexpectedly');
    return notRun('failed', 'The tool failed unexpectedly.', 'failed');
  }
}

/** A call that did not run, or did not finish: why, for the model (`content`) and the page. */
export function notRun(status: ToolCallStatus, content: string, summary: string): ToolOutcome {
  return { status, result: { content, summary, isError: true } };
}

const seconds = (ms: number) => `${Math.round(ms / 100) / 10} s`;
