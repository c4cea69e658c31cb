import type { TurnStatus } from '@parley/shared';
import type { ChatMessage } from '../../providers/stages/llm.ts';

/**
 * What the language model is told of the conversation so far: each answered turn's words, the
 * reply cut to what the user heard when they interrupted it, at most `cap` messages (the oldest
 * go first).
 */
export class ConversationHistory {
  private readonly messages: ChatMessage[] = [];
  /** The turn of each message (-1: restored from storage, its turn not known here). */
  private readonly turnOf: number[] = [];
  /** The turn whose reply is the last assistant message. */
  private lastReplyTurn = -1;
  /** Whether that reply is in {@link messages} (the last one). */
  private lastReplyKept = false;

  constructor(
    private readonly cap: number,
    restored: readonly ChatMessage[] = [],
  ) {
    const kept = restored.slice(-cap);
    this.messages.push(...kept);
    this.turnOf.push(...kept.map(() => -1));
  }

  get length(): number {
    return this.messages.length;
  }

  /** A copy for one LLM call (later turns do not change what it was given). */
  snapshot(): ChatMessage[] {
    return this.messages.slice();
  }

  /**
   * A finished turn: its exchange joins the history unless the user said nothing (a line of the
   * assistant's own, such as the check-in of a silent call, is not part of the exchanges) or it
   * failed.
   */
  add(turn: { turnId: number; transcript: string; reply: string; status: TurnStatus }): void {
    if (turn.reply) this.lastReplyTurn = turn.turnId;
    this.lastReplyKept = false;
    if (!turn.transcript || turn.status === 'failed') return;
    this.lastReplyKept = turn.reply !== '';
    this.messages.push({ role: 'user', content: turn.transcript });
    this.turnOf.push(turn.turnId);
    if (turn.reply) {
      this.messages.push({ role: 'assistant', content: turn.reply });
      this.turnOf.push(turn.turnId);
    }
    if (this.messages.length > this.cap) {
      const over = this.messages.length - this.cap;
      this.messages.splice(0, over);
      this.turnOf.splice(0, over);
    }
  }

  /**
   * Takes `turnId`'s exchange out (its question is being asked again: the history keeps it
   * once, with the new answer). Nothing when it is not here (it failed, or was restored).
   */
  remove(turnId: number): void {
    for (let i = this.messages.length - 1; i >= 0; i--) {
      if (this.turnOf[i] !== turnId) continue;
      this.messages.splice(i, 1);
      this.turnOf.splice(i, 1);
    }
    if (this.lastReplyTurn === turnId) this.lastReplyKept = false;
  }

  /**
   * `turnId`'s reply was heard only up to `heard`. True when that reply is the history's last
   * (it is cut there); false for a turn still being answered, or one already followed by others.
   */
  truncate(turnId: number, heard: string): boolean {
    if (turnId !== this.lastReplyTurn) return false;
    const last = this.messages.at(-1);
    // A reply not kept here (a line of the assistant's own) leaves the one before it whole.
    if (this.lastReplyKept && last?.role === 'assistant') last.content = heard;
    return true;
  }
}

/** A stored turn, as far as the history is concerned. */
export interface StoredExchange {
  userText: string;
  assistantText: string;
  status: string;
}

/**
 * The history a conversation had reached, rebuilt from its stored turns (in turn order) by the
 * rule of {@link ConversationHistory.add}: failed turns and turns where nothing was said are
 * left out; a reply is what the user heard of it.
 */
export function historyOfTurns(turns: readonly StoredExchange[]): ChatMessage[] {
  return turns.flatMap((t) =>
    t.userText === '' || t.status === 'failed'
      ? []
      : [
          { role: 'user' as const, content: t.userText },
          ...(t.assistantText ? [{ role: 'assistant' as const, content: t.assistantText }] : []),
        ],
  );
}
