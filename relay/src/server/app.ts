import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import { describeError } from '../errors.ts';
import type { Logger } from '../log/logger.ts';
import type { Providers } from '../providers/types.ts';
import type { SessionRegistry } from '../session/registry.ts';
import { websocketRoute } from './websocket.ts';

export interface AppDeps {
  providers: Providers;
  registry: SessionRegistry;
  webDist: string | null;
  helloTimeoutMs: number;
  maxProtocolErrors: number;
  historyMessages: number;
  log: Logger;
  now: () => number;
}

/** The relay's HTTP surface: health, the WebSocket and (optionally) the built web app. */
export function createApp(deps: AppDeps): Hono {
  const app = new Hono();
  const started = Date.now();
  let connections = 0;

  app.get('/health', (c) =>
    c.json({
      status: 'ok',
      uptimeS: Math.round((Date.now() - started) / 1000),
      connections,
      sessions: deps.registry.size,
      providers: {
        asr: deps.providers.asr.info.id,
        llm: deps.providers.llm.info.id,
        tts: deps.providers.tts.info.id,
      },
    }),
  );

  app.get(
    '/ws',
    websocketRoute(deps, (delta) => (connections += delta)),
  );

  if (deps.webDist) {
    const root = deps.webDist;
    app.use('/assets/*', async (c, next) => {
      await next();
      if (c.res.ok) c.header('Cache-Control', 'public, max-age=31536000, immutable');
    });
    app.use('/*', serveStatic({ root }));
    // SPA fallback: any other GET that is not an API or asset path gets the app shell.
    app.get('*', serveStatic({ root, path: 'index.html' }));
  }

  app.notFound((c) =>
    c.json({ error: 'not-found', message: `No route for ${c.req.method} ${c.req.path}.` }, 404),
  );
  app.onError((err, c) => {
    deps.log.error({ err: describeError(err), path: c.req.path }, 'request failed');
    return c.json({ error: 'internal', message: 'The relay hit an internal error.' }, 500);
  });
  return app;
}
