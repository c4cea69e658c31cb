import type { ClientMessage } from '@parley/shared';
import { actions } from '../../state/store.ts';
import { newTraceId, now } from '../turn/trace-id.ts';

/**
 * Sends a typed message as turn `turnId` (outside a call: see `TurnTaker.typed` during one),
 * and starts its timing trace. `speak: false` asks for the reply as text only.
 */
export function sendTyped(
  turnId: number,
  text: string,
  send: (m: ClientMessage) => void,
  speak: boolean,
): void {
  const traceId = newTraceId();
  const at = now();
  send({ type: 'user.text', turnId, text, traceId, speak });
  actions.trace(turnId, {
    traceId,
    text,
    typed: true,
    client: { speechEndAtMs: at, endSentAtMs: at },
  });
}
