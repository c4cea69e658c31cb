import {
  MAX_SHOWN_TURNS,
  type ServerMessage,
  type ShownMessage,
  type ShownTurn,
} from '@parley/shared';

/** Messages kept of a turn at most (it has four: words, reply, what was heard, its end). */
const MAX_TURN_MESSAGES = 8;

/**
 * What the page showed of the conversation, kept for the tab's next page (see tab-hand-off.ts):
 * each turn's output as it came — the user's words, the reply's text (its pieces in one), the
 * words heard of a cut reply, how the turn ended — the latest {@link MAX_SHOWN_TURNS} turns.
 * The next page shows them again by passing them on as they came. Pure.
 */
export class ShownTurns {
  private readonly turns: ShownTurn[];

  /** `from`: the turns the page before this one showed. */
  constructor(from: readonly ShownTurn[] = []) {
    this.turns = from.map((t) => ({ turnId: t.turnId, messages: [...t.messages] }));
  }

  /** A message of the relay's, as the call passed it on. */
  message(m: ServerMessage): void {
    if (!isShown(m)) return;
    // A turn answered again (a relay restarted) starts over from its words.
    if (m.type === 'transcript.final') {
      this.drop(m.turnId);
      this.turns.push({ turnId: m.turnId, messages: [m] });
      if (this.turns.length > MAX_SHOWN_TURNS) this.turns.shift();
      return;
    }
    const turn = this.turns.find((t) => t.turnId === m.turnId);
    if (!turn || turn.messages.length >= MAX_TURN_MESSAGES) return;
    const last = turn.messages.at(-1);
    if (m.type === 'reply.delta' && last?.type === 'reply.delta')
      turn.messages[turn.messages.length - 1] = { ...m, text: last.text + m.text };
    else turn.messages.push(m);
  }

  /** The turns shown, oldest first. */
  shown(): ShownTurn[] {
    return this.turns.map((t) => ({ turnId: t.turnId, messages: [...t.messages] }));
  }

  private drop(turnId: number): void {
    const i = this.turns.findIndex((t) => t.turnId === turnId);
    if (i >= 0) this.turns.splice(i, 1);
  }
}

function isShown(m: ServerMessage): m is ShownMessage {
  return (
    m.type === 'transcript.final' ||
    m.type === 'reply.delta' ||
    m.type === 'reply.truncated' ||
    m.type === 'turn.done'
  );
}
