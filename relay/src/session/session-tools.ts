import { abortable } from '../abortable.ts';
import { describeError } from '../errors.ts';
import type { Logger } from '../log/logger.ts';
import type { TurnResult } from '../pipeline/turn.ts';
import type { AwaitingConfirmation, TurnToolsOptions } from '../pipeline/turn-tools.ts';
import type { Tool, ToolSource } from '../tools/tool.ts';
import type { ToolRoundsConfig } from '../tools/tool-rounds-config.ts';

/** Longest a turn waits for its user's tools to be listed (ms): then it answers without. */
export const TOOLS_LIST_TIMEOUT_MS = 3_000;

export interface SessionToolsDeps {
  source: ToolSource;
  config: ToolRoundsConfig;
  userId: string;
  sessionId: string;
  log: Logger;
}

/**
 * A session's tools (issue 48): what each turn may call (its user's tools, listed once per turn,
 * for its real run and its speculative ones alike), and the calls a turn asked the user to
 * confirm, kept until the next turn that hears words decides them.
 */
export class SessionTools {
  private listed: { turnId: number; tools: Promise<readonly Tool[]> } | null = null;
  private awaiting: AwaitingConfirmation | null = null;

  constructor(private readonly d: SessionToolsDeps) {}

  /** The id of the confirmation awaited now (null: none). */
  get awaitedId(): string | null {
    return this.awaiting?.confirmId ?? null;
  }

  /**
   * What turn `turnId` is given to call tools with; `tapped`: the user tapped Confirm (true) or
   * Decline (false) on the awaited confirmation.
   */
  of(turnId: number, tapped?: boolean): TurnToolsOptions {
    const { config, userId, sessionId } = this.d;
    return {
      available: this.list(turnId),
      userId,
      sessionId,
      maxRounds: config.maxRounds,
      maxCallsPerRound: config.maxCallsPerRound,
      budgetMs: config.budgetMs,
      ...(this.awaiting ? { awaiting: this.awaiting } : {}),
      ...(this.awaiting && tapped !== undefined ? { tapped } : {}),
    };
  }

  /**
   * A turn finished: the calls it asked about are awaited; a turn that heard words (and so
   * decided what was awaited, or asked nothing) leaves none awaited.
   */
  finished(result: TurnResult): void {
    if (result.awaiting) this.awaiting = result.awaiting;
    else if (result.transcript !== '') this.awaiting = null;
  }

  private list(turnId: number): Promise<readonly Tool[]> {
    if (this.listed?.turnId === turnId) return this.listed.tools;
    const { source, userId, log } = this.d;
    const deadline = AbortSignal.timeout(TOOLS_LIST_TIMEOUT_MS);
    // A source that ignores the deadline is not waited for beyond it either.
    const tools = abortable(source.toolsFor(userId, deadline), deadline).catch((err: unknown) => {
      log.warn({ err: describeError(err) }, 'could not list the tools: the turn has none');
      return [];
    });
    this.listed = { turnId, tools };
    return tools;
  }
}
