import type { ServerMessage, ToolConfirmEnd } from '@parley/shared';
import { abortable } from '../../abortable.ts';
import { describeError } from '../../errors.ts';
import type { Logger } from '../../log/logger.ts';
import type { TurnResult } from '../../pipeline/turn.ts';
import type { AwaitingConfirmation, ToolTap } from '../../pipeline/tool-questions.ts';
import type { TurnToolsOptions } from '../../pipeline/turn-tools-options.ts';
import type { Tool, ToolSource } from '../../tools/tool.ts';
import type { ToolRoundsConfig } from '../../tools/tool-rounds-config.ts';

/** Longest a turn waits for its user's tools to be listed (ms): then it answers without. */
export const TOOLS_LIST_TIMEOUT_MS = 3_000;

export interface SessionToolsDeps {
  source: ToolSource;
  config: ToolRoundsConfig;
  userId: string;
  sessionId: string;
  log: Logger;
  /** Tells the attached client (a question closed), outside any turn. */
  tell(message: ServerMessage): void;
}

/** A tap on Confirm (`confirmed`) or Decline of the question `confirmId`. */
export interface TappedAnswer {
  confirmId: string;
  confirmed: boolean;
}

/**
 * A session's tools (issue 48): what each turn may call (its user's tools, listed once per turn,
 * for its real run and its speculative ones alike), and the question a turn asked the user
 * about calls that change something — open from when it is asked until a turn decides it (a
 * yes, a no, or asked again), a line the relay says of its own ({@link withdraw}) or its time
 * limit (`confirmTimeoutMs`), whichever comes first; the client is told when it closes
 * (`tool.closed`, issue 60). A question closed is never opened again.
 */
export class SessionTools {
  private listed: { turnId: number; tools: Promise<readonly Tool[]> } | null = null;
  private awaiting: AwaitingConfirmation | null = null;
  private expiry: NodeJS.Timeout | null = null;
  /** The questions opened so far (a turn that finishes after it was decided opens none). */
  private readonly seen = new Set<string>();

  constructor(private readonly d: SessionToolsDeps) {}

  /** The id of the confirmation awaited now (null: none). */
  get awaitedId(): string | null {
    return this.awaiting?.confirmId ?? null;
  }

  /**
   * What turn `turnId` is given to call tools with; `tap`: the turn is the user's tap on
   * Confirm or Decline — of the question open now, or of one that is not (it decides nothing).
   */
  of(turnId: number, tap?: TappedAnswer): TurnToolsOptions {
    const { config, userId, sessionId } = this.d;
    const { awaiting } = this;
    let tapped: ToolTap | undefined;
    if (tap)
      tapped = tap.confirmId === awaiting?.confirmId ? { confirmed: tap.confirmed } : 'stale';
    return {
      available: this.list(turnId),
      userId,
      sessionId,
      maxRounds: config.maxRounds,
      maxCallsPerRound: config.maxCallsPerRound,
      budgetMs: config.budgetMs,
      ...(awaiting ? { awaiting } : {}),
      ...(tapped ? { tap: tapped } : {}),
      stillAwaited: (confirmId) => this.awaiting?.confirmId === confirmId,
      asked: (awaiting) => this.asked(awaiting),
    };
  }

  /**
   * A turn asked the user about calls (see `TurnToolsOptions.asked`): that question is awaited
   * now; the one open before is closed (asked again, or answered by the turn that asked).
   */
  asked(awaiting: AwaitingConfirmation): void {
    if (this.seen.has(awaiting.confirmId)) return;
    this.seen.add(awaiting.confirmId);
    const before = this.awaiting;
    this.open(awaiting);
    if (before)
      this.closed(before, awaiting.replaces === before.confirmId ? 'asked-again' : 'answered');
  }

  /**
   * A turn finished: the question it asked is awaited (if nothing opened it yet), and the one
   * its words or tap decided is closed. A turn that decided nothing (stopped before, or asked
   * nothing of the question) leaves it open.
   */
  finished(result: TurnResult): void {
    if (result.awaiting) this.asked(result.awaiting);
    const open = this.awaiting;
    if (open && result.decided === open.confirmId) {
      this.shut();
      this.closed(open, 'answered');
    }
  }

  /**
   * The relay says a line of its own (the check-in of a silent call, its goodbye): what is
   * awaited is declined — the user's "yes" to that line must confirm nothing.
   */
  withdraw(): void {
    const { awaiting } = this;
    if (!awaiting) return;
    this.shut();
    this.closed(awaiting, 'withdrawn');
  }

  /** The session ends: nothing is awaited any more (no one is told). */
  close(): void {
    this.shut();
  }

  private open(awaiting: AwaitingConfirmation): void {
    this.shut();
    this.awaiting = awaiting;
    this.expiry = setTimeout(() => {
      if (this.awaiting !== awaiting) return;
      this.shut();
      this.closed(awaiting, 'expired');
    }, this.d.config.confirmTimeoutMs);
    this.expiry.unref();
  }

  private shut(): void {
    if (this.expiry) clearTimeout(this.expiry);
    this.expiry = null;
    this.awaiting = null;
  }

  private closed(awaiting: AwaitingConfirmation, outcome: ToolConfirmEnd): void {
    const { confirmId } = awaiting;
    this.d.log.info(
      { confirmId, outcome, tools: awaiting.calls.map((c) => c.call.name) },
      'a question awaiting the user’s yes closed',
    );
    this.d.tell({ type: 'tool.closed', confirmId, outcome });
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
