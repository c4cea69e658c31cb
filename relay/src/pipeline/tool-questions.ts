import type { ChatMessage, ToolCall } from '../providers/stages/llm.ts';
import type { Tool } from '../tools/tool.ts';

/*
 * The questions a turn's tools ask the user before they change anything (issue 48): what waits
 * for the user's yes from one turn to the next, and how it was settled.
 */

/** A tap on Confirm (`confirmed`) or Decline of the question awaited, or on one no longer open. */
export type ToolTap = { confirmed: boolean } | 'stale';

/**
 * How a question awaiting the user's yes was settled: `yes` (run them), `no`, `unclear` (neither
 * a yes nor a no, asked too often), `expired` (no answer in time).
 */
export type Settlement = 'yes' | 'no' | 'unclear' | 'expired';

/** A call waiting for the user's yes: its tool, checked arguments, and what it would do, said. */
export interface AskedCall {
  call: ToolCall;
  tool: Tool;
  args: Record<string, unknown>;
  /** The rest of "Shall I …?" for this call (every argument named). */
  action: string;
}

/**
 * Tools the model called that change something, which the turn asked the user to confirm
 * (and ended on): what the next turn needs to run them on a yes — the conversation the model
 * had, through its calls and the results of those that ran — and to go on from there.
 */
export interface AwaitingConfirmation {
  confirmId: string;
  messages: readonly ChatMessage[];
  calls: readonly AskedCall[];
  question: string;
  /** How many times the user was asked (1: once; more: asked again after an unclear answer). */
  asked: number;
  /** The question this one asks again (its `confirmId`), when it does. */
  replaces?: string;
}
