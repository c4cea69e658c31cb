import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { routePath } from 'hono/route';
import type { ApiErrorBody, HealthResponse, NotFoundBody } from '@parley/shared';
import { logFailure } from '../error-tracking/report-error.ts';
import { RelayError } from '../errors.ts';
import { connectionsTooFast } from '../limits/limit-errors.ts';
import { bodyLimits } from './body-limits.ts';
import type { RelayContext } from './context.ts';
import { mountAssistantApi } from './assistant-api.ts';
import { mountErrorTrackingApi } from './error-tracking-api.ts';
import { CROSS_ORIGIN_PATHS, crossOrigin, filesForOtherSites } from './cross-origin.ts';
import { callerGuard, originGuard, type GuardedEnv } from './guards.ts';
import { hostGuard } from './host-guard.ts';
import { mountLogTail } from './log-tail-route.ts';
import { mountMcpApi } from './mcp-api.ts';
import { mountMetricsRoute } from './metrics-route.ts';
import { mountOpsApi } from './ops-api.ts';
import { isPageNavigation } from './page-fallback.ts';
import { peerResolver } from './peer.ts';
import { mountPreferencesApi } from './preferences-api.ts';
import { securityHeaders } from './security-headers.ts';
import { mountSessionMetricsApi } from './session-metrics-api.ts';
import { mountSessionsApi } from './sessions-api.ts';
import { mountSettingsApi } from './settings-api.ts';
import { mountStatusApi } from './status-api.ts';
import { mountToolsApi } from './tools-api.ts';
import { mountPushApi } from './push-api.ts';
import { mountUsageApi } from './usage-api.ts';
import { mountVoicePreviewApi } from './voice-preview-api.ts';
import { websocketRoute } from './websocket.ts';
import { mountWidgetRoute } from './widget-route.ts';

const toMb = (bytes: number) => Math.round(bytes / (1024 * 1024));

/**
 * The relay's HTTP surface: health, metrics, the API, the WebSocket and (optionally) the built
 * web app.
 */
export function createApp(ctx: RelayContext): Hono<GuardedEnv> {
  const app = new Hono<GuardedEnv>();
  const started = Date.now();
  const peerOf = peerResolver(ctx.settings.trustedProxies);
  let connections = 0;
  app.use(hostGuard(ctx));

  // On every answer, the app's page and files included (no page may frame the app).
  app.use(securityHeaders());
  // Before any route reads a body: an oversized one is refused (413) before it is held whole.
  app.use(bodyLimits());
  // Pages on other origins (the app hosted apart, sites that embed the assistant) read what the
  // origin policy lets them, and have their preflights answered (see cross-origin.ts).
  const crossOriginReads = crossOrigin(ctx);
  for (const path of CROSS_ORIGIN_PATHS) app.use(path, crossOriginReads);

  app.get('/health', (c) => {
    const memory = process.memoryUsage();
    return c.json({
      status: 'ok',
      uptimeS: Math.round((Date.now() - started) / 1000),
      connections,
      sessions: ctx.registry.size,
      providers: {
        asr: ctx.providers.asr.info.id,
        llm: ctx.providers.llm.info.id,
        tts: ctx.providers.tts.info.id,
      },
      recognizerReady: ctx.providers.readiness().asr.ready,
      lastTranscriptAtMs: ctx.turnWatch.lastTranscriptAtMs,
      lastTranscriptionMs: ctx.turnWatch.lastTranscriptionMs,
      memoryMb: { rss: toMb(memory.rss), heapUsed: toMb(memory.heapUsed) },
    } satisfies HealthResponse);
  });

  mountMetricsRoute(app, ctx);
  mountSessionsApi(app, ctx, peerOf);
  mountPreferencesApi(app, ctx, peerOf);
  mountToolsApi(app, ctx, peerOf);
  mountPushApi(app, ctx, peerOf);
  mountAssistantApi(app, ctx, peerOf);
  mountVoicePreviewApi(app, ctx, peerOf);
  mountStatusApi(app, ctx, peerOf);
  mountOpsApi(app, ctx);
  mountSessionMetricsApi(app, ctx);
  mountUsageApi(app, ctx);
  mountSettingsApi(app, ctx, peerOf);
  mountMcpApi(app, ctx, peerOf);
  mountErrorTrackingApi(app, ctx, peerOf);
  mountLogTail(app, ctx, peerOf);

  app.get(
    '/ws',
    // Refused before the upgrade: a page neither the app's nor a site's that embeds the assistant
    // or, in dev mode, another machine (403), a full relay (503, MAX_CONNECTIONS) or an IP
    // opening sockets too fast (429).
    originGuard(ctx, peerOf, 'embed'),
    callerGuard(ctx, peerOf),
    async (_c, next) => {
      ctx.connectionCap.admit();
      await next();
    },
    async (c, next) => {
      const rate = await ctx.limits.connectionsPerIp.tryTake(peerOf(c).ip);
      if (!rate.ok) throw connectionsTooFast(rate.retryAfterMs);
      await next();
    },
    websocketRoute(ctx, peerOf, (delta) => (connections += delta)),
  );

  app.all('/api/*', () => {
    throw RelayError.notFound('No such API endpoint.');
  });

  // The one-tag widget's loader, for pages on other sites (docs/embedding.md).
  mountWidgetRoute(app, ctx.settings.widgetDist);

  if (ctx.settings.webDist) {
    const root = ctx.settings.webDist;
    app.use('/assets/*', filesForOtherSites());
    app.use('/vad/*', filesForOtherSites());
    app.use('/assets/*', async (c, next) => {
      await next();
      if (c.res.ok) c.header('Cache-Control', 'public, max-age=31536000, immutable');
    });
    // The app shell, the service worker, the manifest and the shell's unhashed boot script (the
    // theme applied before the first paint) must be revalidated: a new version reaches users on
    // their next visit (the service worker then offers it).
    app.use('/*', async (c, next) => {
      await next();
      const type = c.res.headers.get('content-type') ?? '';
      if (
        c.req.path === '/sw.js' ||
        c.req.path === '/theme-boot.js' ||
        c.req.path === '/manifest.webmanifest' ||
        type.startsWith('text/html')
      ) {
        c.header('Cache-Control', 'no-cache');
      }
    });
    app.use('/*', serveStatic({ root }));
    // The app's page for a browser navigating to one of the app's routes; anything else that
    // matched nothing is a JSON 404 (below).
    const page = serveStatic({ root, path: 'index.html' });
    app.get('*', (c, next) =>
      isPageNavigation(c.req.method, c.req.path, c.req.header('accept')) ? page(c, next) : next(),
    );
  }

  app.notFound((c) =>
    c.json(
      {
        error: 'not-found',
        message: `No route for ${c.req.method} ${c.req.path}.`,
      } satisfies NotFoundBody,
      404,
    ),
  );
  app.onError((err, c) => {
    // Hono's own guards (bearerAuth) answer with the response they built (our error body).
    if (err instanceof HTTPException) return err.getResponse();
    if (err instanceof RelayError) {
      const retry = err.options.retryAfterMs;
      if (retry !== undefined)
        c.header('Retry-After', String(Math.max(1, Math.ceil(retry / 1000))));
      return c.json(
        {
          error: err.code,
          message: err.message,
          ...(retry === undefined ? {} : { retryAfterMs: Math.ceil(retry) }),
        } satisfies ApiErrorBody,
        err.options.status ?? 400,
      );
    }
    logFailure(ctx.log, err, 'request failed', { path: c.req.path }, { route: routePath(c) });
    return c.json(
      { error: 'internal', message: 'The relay hit an internal error.' } satisfies ApiErrorBody,
      500,
    );
  });
  return app;
}
