import type { ClientMessage } from '@parley/shared';

/** A tap on Confirm or Decline of a `tool.confirm`: a turn of its own, as a yes or a no. */
export interface ToolAnswer {
  confirmId: string;
  confirmed: boolean;
}

/**
 * A tap on Retry of a failed turn: its question asked again (`turn.retry`) as a turn of its own,
 * which replaces turn `retryOf`. `text` is the question as the page shows it; the relay asks the
 * words it has of that turn.
 */
export interface TurnRetry {
  retryOf: number;
  text: string;
}

/**
 * What the user sends without speaking: typed words, a tapped answer to a confirmation, or a
 * failed turn's question asked again.
 */
export type TypedTurn = string | ToolAnswer | TurnRetry;

/** The words a typed turn stands for (the transcript's bubble, the trace): a tap is a yes or no. */
export function typedWords(turn: TypedTurn): string {
  if (typeof turn === 'string') return turn;
  if ('retryOf' in turn) return turn.text;
  // What the relay takes the tap as (session.ts answerTapped).
  return turn.confirmed ? 'Yes.' : 'No.';
}

/**
 * The message that sends `turn` as turn `turnId`; `speak: false` asks for a typed message's reply
 * as text only (a tapped answer is always answered aloud: the relay's rule).
 */
export function typedMessage(
  turnId: number,
  turn: TypedTurn,
  traceId: string,
  speak?: boolean,
): ClientMessage {
  if (typeof turn !== 'string' && 'retryOf' in turn)
    return {
      type: 'turn.retry',
      turnId,
      retryOf: turn.retryOf,
      text: turn.text,
      traceId,
      ...(speak === undefined ? {} : { speak }),
    };
  if (typeof turn !== 'string') return { type: 'tool.answer', turnId, traceId, ...turn };
  return {
    type: 'user.text',
    turnId,
    text: turn,
    traceId,
    ...(speak === undefined ? {} : { speak }),
  };
}
