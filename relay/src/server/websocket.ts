import { upgradeWebSocket } from '@hono/node-server';
import type { MiddlewareHandler } from 'hono';
import { WebSocket } from 'ws';
import { isEmbedding } from '../auth/origin.ts';
import { logFailure } from '../error-tracking/report-error.ts';
import { Connection } from '../session/connection.ts';
import type { ConnectionDeps } from '../session/connection-deps.ts';
import { SessionDirectory } from '../session/session-directory.ts';
import { takeBinaryMessages } from './binary-messages.ts';
import type { RelayContext } from './context.ts';
import type { PeerOf } from './peer.ts';
import { corkLazily, corkUntilIdle, socketOf } from './tick-cork.ts';

/** Reply audio queued for a client beyond this means it stopped reading (≈ 40 s at 48 kHz). */
const MAX_SEND_BUFFER_BYTES = 4 * 1024 * 1024;

/** Stops reading a socket for `ms` (backpressure on a client that sends too fast). */
function pauseReading(raw: unknown, ms: number): void {
  if (!(raw instanceof WebSocket)) return;
  raw.pause();
  setTimeout(() => raw.resume(), ms).unref();
}

/**
 * The `/ws` endpoint: adapts Hono's WebSocket events to a {@link Connection}. Oversized frames
 * are refused by the ws server itself (close 1009, see `maxPayload` in start.ts); origin and
 * per-IP limits are checked before the upgrade (see app.ts).
 */
export function websocketRoute(
  ctx: RelayContext,
  peerOf: PeerOf,
  onCount: (delta: number) => void,
): MiddlewareHandler {
  const deps: ConnectionDeps = {
    settings: ctx.settings,
    limits: ctx.limits,
    sessionClock: ctx.limitsConfig.sessionClock,
    callSilenceMs: ctx.limitsConfig.callSilenceMs,
    tickets: ctx.tickets,
    sessions: new SessionDirectory(ctx),
    providers: ctx.providers,
    meter: ctx.meter,
    metrics: ctx.metrics,
    reminders: ctx.reminders,
    log: ctx.log,
    now: () => ctx.now(),
  };
  return upgradeWebSocket(
    (c) => {
      const seen = peerOf(c);
      const kind = ctx.origins.classify(seen.origin);
      const peer = { ...seen, embedding: isEmbedding(kind) };
      let connection: Connection | null = null;
      return {
        onOpen(_event, ws) {
          onCount(1);
          const socket = socketOf(ws.raw);
          connection = new Connection(
            {
              send: (data, urgency = 'now') => {
                // A client that stops reading must not grow the relay's memory without bound.
                if (
                  typeof data !== 'string' &&
                  ws.raw instanceof WebSocket &&
                  ws.raw.bufferedAmount > MAX_SEND_BUFFER_BYTES
                ) {
                  ctx.log.warn(
                    { buffered: ws.raw.bufferedAmount },
                    'client is not reading; closing',
                  );
                  ws.close(1008, 'Not reading fast enough; reconnect.');
                  return;
                }
                if (socket) (urgency === 'soon' ? corkLazily : corkUntilIdle)(socket);
                ws.send(data);
              },
              close: (code, reason) => ws.close(code, reason),
              pauseReading: (ms) => pauseReading(ws.raw, ms),
            },
            deps,
            peer,
          );
          const own = connection;
          takeBinaryMessages(ws.raw, (bytes) => own.onBinary(bytes));
        },
        onMessage(event) {
          const data = event.data;
          if (typeof data === 'string') connection?.onText(data);
          // Only when ws is not under the adapter (see takeBinaryMessages).
          else if (data instanceof ArrayBuffer) connection?.onBinary(data);
        },
        onClose(event) {
          onCount(-1);
          connection?.onClose(event.code);
          connection = null;
        },
        onError(event) {
          ctx.log.debug({ err: event.type }, 'socket error');
        },
      };
    },
    { onError: (err) => logFailure(ctx.log, err, 'websocket handler error') },
  );
}
