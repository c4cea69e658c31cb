import { upgradeWebSocket } from '@hono/node-server';
import type { MiddlewareHandler } from 'hono';
import { Connection, type ConnectionDeps } from '../session/connection.ts';

/**
 * The `/ws` endpoint: adapts Hono's WebSocket events to a {@link Connection}. Oversized frames
 * are refused by the ws server itself (close 1009, see `maxPayload` in main).
 */
export function websocketRoute(
  deps: ConnectionDeps,
  onCount: (delta: number) => void,
): MiddlewareHandler {
  return upgradeWebSocket(
    () => {
      let connection: Connection | null = null;
      return {
        onOpen(_event, ws) {
          onCount(1);
          connection = new Connection(
            {
              sendText: (text) => ws.send(text),
              sendBinary: (bytes) => ws.send(bytes),
              close: (code, reason) => ws.close(code, reason),
            },
            deps,
          );
        },
        onMessage(event) {
          const data = event.data;
          if (typeof data === 'string') connection?.onText(data);
          else if (data instanceof ArrayBuffer) connection?.onBinary(data);
        },
        onClose(event) {
          onCount(-1);
          connection?.onClose(event.code);
          connection = null;
        },
        onError(event) {
          deps.log.debug({ err: event.type }, 'socket error');
        },
      };
    },
    { onError: (err) => deps.log.error({ err: String(err) }, 'websocket handler error') },
  );
}
