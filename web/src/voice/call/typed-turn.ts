import type { ClientMessage } from '@parley/shared';
import type { TraceUpdate } from '../../state/types.ts';
import { newTraceId, now } from '../turn/trace-id.ts';

/** What sending a typed turn uses: the connection, and where its timing trace goes. */
export interface TypedTurnOut {
  send(m: ClientMessage): void;
  trace(turnId: number, update: TraceUpdate): void;
}

/**
 * Sends a typed message as turn `turnId` (outside a call: see `TurnTaker.typed` during one),
 * and starts its timing trace. `speak: false` asks for the reply as text only.
 */
export function sendTyped(turnId: number, text: string, out: TypedTurnOut, speak: boolean): void {
  const traceId = newTraceId();
  const at = now();
  out.send({ type: 'user.text', turnId, text, traceId, speak });
  out.trace(turnId, {
    traceId,
    text,
    typed: true,
    client: { speechEndAtMs: at, endSentAtMs: at },
  });
}
