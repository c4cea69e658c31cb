import type { Tool } from '../tools/tool.ts';
import type { AwaitingConfirmation, ToolTap } from './tool-questions.ts';

/** What a turn is given to call tools with (issue 48). */
export interface TurnToolsOptions {
  /** The user's tools, as read at the turn's start. */
  available: Promise<readonly Tool[]>;
  userId: string;
  sessionId: string;
  /** Rounds of model → tools the turn may take; the model then answers without tools. */
  maxRounds: number;
  /** Calls one round may make: the model's calls past it are refused (not run, not asked). */
  maxCallsPerRound: number;
  /** Time the turn's tools may run in all (ms). */
  budgetMs: number;
  /** Calls the previous turn asked the user to confirm: this turn's words decide them. */
  awaiting?: AwaitingConfirmation;
  /**
   * The turn is a tap on Confirm or Decline: of `awaiting` (it decides it, whatever the words),
   * or `stale`, of a question no longer open (it decides nothing: a tap answers one question).
   */
  tap?: ToolTap;
  /**
   * Whether the question `confirmId` is still open (it may have expired since the turn began):
   * a yes runs nothing once it is not. Absent: it is.
   */
  stillAwaited?(confirmId: string): boolean;
  /**
   * The turn asked the user a question (its `tool.confirm` went out; a speculative answer's once
   * it is the answer): it is open from now on, whatever becomes of the turn — the user may
   * answer it before the turn has finished saying it.
   */
  asked?(awaiting: AwaitingConfirmation): void;
  /** The language the relay's own lines are said in (BCP 47; English by default). */
  language?: string;
}
