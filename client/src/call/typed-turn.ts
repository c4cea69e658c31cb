import type { ClientMessage } from '@parley/shared';
import type { TraceUpdate } from '../turn/turn-trace.ts';
import { newTraceId, now } from '../turn/trace-id.ts';
import { typedMessage, typedWords, type TypedTurn } from '../turn/typed-message.ts';

/** What sending a typed turn uses: the connection, and where its timing trace goes. */
export interface TypedTurnOut {
  send(m: ClientMessage): void;
  trace(turnId: number, update: TraceUpdate): void;
}

/**
 * Sends a typed message (or a tapped answer) as turn `turnId` (outside a call: see
 * `TurnTaker.typed` during one), and starts its timing trace. `speak: false` asks for the reply
 * as text only.
 */
export function sendTyped(
  turnId: number,
  turn: TypedTurn,
  out: TypedTurnOut,
  speak: boolean,
): void {
  const traceId = newTraceId();
  const at = now();
  const text = typedWords(turn);
  out.send(typedMessage(turnId, turn, traceId, speak));
  out.trace(turnId, {
    traceId,
    text,
    typed: true,
    client: { speechEndAtMs: at, endSentAtMs: at },
  });
}
