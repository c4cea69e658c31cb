import type { AddressInfo } from 'node:net';
import { serve, type WebSocketServerLike } from '@hono/node-server';
import { WebSocketServer } from 'ws';
import { MAX_JSON_MESSAGE_BYTES } from '@parley/shared';
import type { RelayConfig } from '../config.ts';
import { logger } from '../log/logger.ts';
import type { Providers } from '../providers/types.ts';
import { SessionRegistry } from '../session/registry.ts';
import { createApp } from './app.ts';

export interface RunningRelay {
  port: number;
  /** http://host:port */
  url: string;
  registry: SessionRegistry;
  /** Stops accepting, closes every connection and session, then the providers. */
  close(): Promise<void>;
}

const now = () => performance.timeOrigin + performance.now();

/** Starts the relay's HTTP + WebSocket server with the given providers. */
export async function startRelay(config: RelayConfig, providers: Providers): Promise<RunningRelay> {
  const log = logger('relay:server');
  const registry = new SessionRegistry();
  const app = createApp({
    providers,
    registry,
    webDist: config.webDist,
    helloTimeoutMs: config.helloTimeoutMs,
    maxProtocolErrors: config.maxProtocolErrors,
    historyMessages: config.historyMessages,
    log: logger('relay:session'),
    now,
  });
  // Frames larger than a JSON message cap or an audio chunk are refused by ws with close 1009.
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: Math.max(MAX_JSON_MESSAGE_BYTES, 8 * 1024),
  });
  // ws's own typings mark `options.noServer` optional, which exactOptionalPropertyTypes rejects
  // against Hono's structural type; the object is the one Hono documents for this option.
  const wsServer = wss as unknown as WebSocketServerLike;
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const s = serve(
      {
        fetch: app.fetch,
        port: config.port,
        hostname: config.host,
        websocket: { server: wsServer },
      },
      () => resolve(s),
    );
    s.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  log.info({ port, host: config.host, web: config.webDist ?? null }, 'relay listening');

  let closing: Promise<void> | null = null;
  return {
    port,
    url: `http://${host}:${port}`,
    registry,
    close: () =>
      (closing ??= (async () => {
        registry.closeAll('relay shutting down');
        for (const ws of wss.clients) ws.close(1012, 'relay restarting');
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          // Sockets that do not close politely are cut.
          setTimeout(() => {
            for (const ws of wss.clients) ws.terminate();
            (server as { closeAllConnections?: () => void }).closeAllConnections?.();
          }, 1000).unref();
        });
        await Promise.allSettled([
          providers.asr.close(),
          providers.llm.close(),
          providers.tts.close(),
        ]);
        log.info('relay stopped');
      })()),
  };
}
