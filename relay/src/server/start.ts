import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { serve, type WebSocketServerLike } from '@hono/node-server';
import { WebSocketServer } from 'ws';
import { MAX_JSON_MESSAGE_BYTES, STAGES } from '@parley/shared';
import {
  assertSafeBinding,
  createAuthenticator,
  OriginGate,
  resolveOriginPolicy,
  type OriginPolicy,
} from '../auth/index.ts';
import { openSharedState } from '../cluster/index.ts';
import type { RelayConfig } from '../config.ts';
import { ConnectionCap } from '../limits/connection-cap.ts';
import { defaultMaxRecognitions } from '../limits/recognition-limits.ts';
import { recognisesOnRelayCores } from '../providers/provider-kinds.ts';
import { createRelayLimits } from '../limits/relay-limits.ts';
import { logger } from '../log/logger.ts';
import { CostMeter } from '../metering/cost-meter.ts';
import { AudioDumper } from '../observability/audio-dump.ts';
import { LatencyTargetsReader } from '../ops/latency-targets.ts';
import { poolStatuses } from '../ops/pools.ts';
import { RelayMetrics } from '../observability/metrics.ts';
import { startTracing } from '../observability/tracing/start-tracing.ts';
import { LiveProviders } from '../providers/live-providers.ts';
import { providerInfos } from '../providers/provider-infos.ts';
import type { ProviderSet } from '../providers/provider-set.ts';
import { SessionRegistry } from '../session/registry.ts';
import { startStaleSweep } from './stale-sweep.ts';
import type { McpServers } from '../tools/mcp/mcp-servers.ts';
import { endTakenOver } from '../session/slot-takeover.ts';
import { loadSettings } from '../settings.ts';
import { PreferencesService } from '../preferences/preferences-service.ts';
import { openStorage, type Storage } from '../storage/index.ts';
import type { ToolSource } from '../tools/tool.ts';
import { allTools } from '../tools/tool-source.ts';
import { TurnWatch } from '../watchdogs/turn-watch.ts';
import { Watchdogs } from '../watchdogs/watchdogs.ts';
import { createApp } from './app.ts';
import { applyHeapGrowing } from './heap-growing.ts';
import { HeartbeatSweep } from './heartbeat-sweep.ts';
import { withRefusedUpgradeBodies } from './refused-upgrade.ts';
import { startBuiltinTools } from './reminder-delivery.ts';
import { startSavedSettings } from './saved-settings.ts';
import type { RelayContext } from './context.ts';

export interface RunningRelay {
  port: number;
  /** http://host:port */
  url: string;
  registry: SessionRegistry;
  storage: Storage;
  settings: RelayConfig;
  /** The provider chains in use (replaced when an admin saves others). */
  providers: LiveProviders;
  /** The MCP servers an operator added; `mcpServers.tools` is what turns may call of them. */
  mcpServers: McpServers;
  /**
   * Every route and middleware of the HTTP app (method, path pattern): for tests that must
   * cover each one, a route added later included.
   */
  routes: readonly { method: string; path: string }[];
  /**
   * Stops accepting, tells every client the relay is restarting (close 1012), ends every
   * session and waits for its records, then closes storage and the providers.
   */
  close(): Promise<void>;
}

const now = () => performance.timeOrigin + performance.now();

/** What a relay is started with besides its settings and providers. */
export interface RelayParts {
  /** The tools users' turns may call. Default: none. */
  tools?: ToolSource;
}

/**
 * Reads every setting from `env`, opens storage, and starts the relay's HTTP + WebSocket server
 * with the given providers (built from `env`'s plan; a {@link ProviderSet} alone is wrapped, and
 * sets for saved chains then start their own embedded engines) and `parts`. Provider chains saved
 * from the app apply on top, for the stages `env` does not set. Throws (before listening) on any
 * invalid setting.
 */
export async function startRelay(
  env: Record<string, string | undefined>,
  given: LiveProviders | ProviderSet,
  parts: RelayParts = {},
): Promise<RunningRelay> {
  const log = logger('relay:server');
  const loaded = loadSettings(env);
  const {
    relay: settings,
    auth,
    limits: limitsConfig,
    metering,
    cluster,
    providerSettings: providerSettingsConfig,
    errorTracking,
    watchdogs: watchdogConfig,
    toolRounds,
  } = loaded;
  const providers =
    given instanceof LiveProviders ? given : new LiveProviders(given, logger('relay:providers'));
  applyHeapGrowing(settings.heapGrowingPercent);
  assertSafeBinding(auth, { host: settings.host, trustedProxies: settings.trustedProxies });
  for (const warning of auth.warnings) log.warn(warning);
  // What the relay serves without from its start (eSpeak NG left out): said once, plainly. The
  // other warnings are said where they arise (a model that failed to load logs its own line).
  for (const w of providers.warnings())
    if (w.code === 'voice-left-out')
      log.warn({ code: w.code, stage: w.stage, provider: w.provider }, w.message);
  for (const stage of STAGES) {
    for (const { id } of providers.slots[stage]) {
      if (!metering.pricing.has(stage, id))
        log.warn({ stage, provider: id }, 'provider has no price: metered in units at $0');
    }
  }

  const storage = await openStorage({
    url: settings.databaseUrl,
    sqlitePath: join(settings.dataDir, 'parley.db'),
    commitIntervalMs: settings.sqliteCommitIntervalMs,
  });
  const { providerSettings, mcpServers } = await startSavedSettings({
    env,
    settings: loaded,
    storage,
    providers,
    logger,
  }).catch(async (err: unknown) => {
    await storage.close();
    throw err;
  });
  const shared = await openSharedState({
    cluster,
    limits: limitsConfig,
    ticketTtlMs: auth.ticketTtlMs,
    journalTtlMs: Math.max(settings.resumeGraceMs, 10_000),
    log: logger('relay:cluster', { relayId: cluster.relayId }),
    now: Date.now,
  }).catch(async (err: unknown) => {
    await providerSettings.stop();
    await mcpServers.stop();
    await storage.close();
    throw err;
  });
  // Alone, every session left open was this relay's own. With others on the same database, only
  // the sessions nobody kept alive (see `staleSweep`) are ended.
  if (shared.kind === 'memory') {
    const swept = await storage.sessions.endStale({ idleMs: 0, reason: 'relay-restart' });
    if (swept.length > 0)
      log.info({ sessions: swept.length }, 'ended sessions left open by a previous run');
  }

  const registry = new SessionRegistry(shared.ownership, shared.sessionSlots);
  shared.ownership.onHandOver((id) => registry.handOver(id));
  // Chains saved in the app (here or on another relay): every client's `ready` is out of date.
  providers.onSwap((next) => {
    const message = { type: 'providers.changed', providers: providerInfos(next) } as const;
    for (const session of registry.all()) session.tell(message);
  });
  const staleSweep = shared.kind === 'memory' ? null : startStaleSweep(storage, registry, log);
  // Frames larger than a JSON message cap or an audio chunk are refused by ws with close 1009.
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: Math.max(MAX_JSON_MESSAGE_BYTES, 8 * 1024),
  });
  const metrics = new RelayMetrics({
    connections: () => wss.clients.size,
    sessions: () => registry.size,
    providers: () => providers.status(),
    pools: () => poolStatuses(providers.current),
  });
  const audioDump = settings.debugAudioDump
    ? new AudioDumper({ dir: settings.debugAudioDir, log: logger('relay:audio-dump') })
    : null;
  if (audioDump) {
    log.warn(
      { dir: settings.debugAudioDir },
      'DEBUG_AUDIO_DUMP is on: failed turns are written to disk (voice and words, kept 24 h)',
    );
    audioDump.start();
  }
  const turnWatch = new TurnWatch(Date.now);
  const watchdogs = new Watchdogs({
    config: watchdogConfig,
    turns: turnWatch,
    registry: metrics.registry,
    log: logger('relay:watchdog'),
  });
  const preferences = new PreferencesService(storage.preferences, logger('relay:preferences'));
  preferences.start(providerSettingsConfig.pollMs);
  const { tools, reminders, push } = startBuiltinTools(storage, registry, {
    enabled: settings.builtinTools,
    push: loaded.push,
    dataDir: settings.dataDir,
    clustered: shared.kind !== 'memory',
    metrics: metrics.registry,
  });
  mcpServers.setBuiltinNames((await tools.toolsFor()).map((t) => t.name));
  const tracing = await startTracing(loaded.tracing, logger('relay:tracing'));
  /** Closes what was started for the relay, in order: when it closes, or cannot listen. */
  const closeParts = async () => {
    await audioDump?.close();
    await shared.close();
    await providerSettings.stop();
    await mcpServers.stop();
    preferences.stop();
    await storage.close();
    // Last: the spans of the turns the closing sessions finished (their storing too) go out.
    await tracing?.shutdown();
  };
  let originPolicy: OriginPolicy = { app: [], embed: [], loopbackEmbeds: false };
  const ctx: RelayContext = {
    settings,
    providers,
    providerSettings,
    mcpServers,
    registry,
    authenticator: createAuthenticator(auth, { now: Date.now, log: logger('relay:auth') }),
    tickets: shared.tickets,
    shared,
    origins: new OriginGate({
      policy: () => originPolicy,
      registry: metrics.registry,
      log: logger('relay:origin'),
      now: Date.now,
    }),
    allowedHosts: auth.allowedHosts,
    limits: createRelayLimits(
      limitsConfig,
      Date.now,
      shared,
      defaultMaxRecognitions(
        providers.slots.asr.some((s) => recognisesOnRelayCores(s.provider.info.id)),
        availableParallelism(),
      ),
    ),
    limitsConfig,
    meter: new CostMeter({ pricing: metering.pricing, now: Date.now }),
    metering,
    storage,
    preferences,
    tools,
    reminders,
    push,
    latencyTargets: new LatencyTargetsReader({
      storage,
      targets: settings.latencyTargets,
      windowSessions: settings.targetWindowSessions,
      log: logger('relay:ops'),
    }),
    metrics,
    audioDump,
    tracing,
    errorTracking,
    turnWatch,
    watchdogs,
    connectionCap: new ConnectionCap({
      max: limitsConfig.maxConnections,
      open: () => wss.clients.size,
      registry: metrics.registry,
      log: logger('relay:limits'),
    }),
    // What turns call: the built-ins first, then the operator's enabled MCP tools.
    turnTools: parts.tools ?? allTools(tools, mcpServers.tools),
    toolRounds,
    log: logger('relay:session'),
    now,
  };
  // A session waiting for its resume whose slot a newer session of its user took ends.
  shared.sessionSlots.onTakenOver((sessionId) => void endTakenOver(ctx, sessionId));
  const app = createApp(ctx);
  // ws's own typings mark `options.noServer` optional, which exactOptionalPropertyTypes rejects
  // against Hono's structural type; the object is the one Hono documents for this option.
  const wsServer = wss as unknown as WebSocketServerLike;
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const s = serve(
      {
        fetch: withRefusedUpgradeBodies(app.fetch),
        port: settings.port,
        hostname: settings.host,
        websocket: { server: wsServer },
      },
      () => resolve(s),
    );
    s.once('error', reject);
  }).catch(async (err: unknown) => {
    await closeParts();
    throw err;
  });
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : settings.port;
  originPolicy = resolveOriginPolicy(auth, port);

  // Sockets that stop answering pings (half-open, a vanished phone) are closed: the session
  // waits for a resume, the socket's resources are freed.
  const alive = new WeakSet<object>();
  wss.on('connection', (ws) => {
    alive.add(ws);
    ws.on('pong', () => alive.add(ws));
  });
  // Each socket is pinged once per heartbeat, a slice of them every tick (not all at once).
  const tickMs = Math.min(HEARTBEAT_TICK_MS, settings.serverHeartbeatMs);
  const sweep = new HeartbeatSweep(wss.clients, {
    intervalMs: settings.serverHeartbeatMs,
    tickMs,
    visit: (ws) => {
      if (!alive.has(ws)) {
        ws.terminate();
        return;
      }
      alive.delete(ws);
      ws.ping();
    },
  });
  const heartbeat = setInterval(() => sweep.tick(), tickMs);
  heartbeat.unref();
  watchdogs.start();
  const host = settings.host.includes(':') ? `[${settings.host}]` : settings.host;
  log.info(
    {
      port,
      host: settings.host,
      web: settings.webDist,
      widget: settings.widgetDist,
      auth: auth.mode,
      storage: storage.database.location,
      shared: shared.kind,
      relayId: shared.relayId,
    },
    'relay listening',
  );

  let closing: Promise<void> | null = null;
  return {
    port,
    url: `http://${host}:${port}`,
    registry,
    storage,
    settings,
    providers,
    mcpServers,
    routes: app.routes.map(({ method, path }) => ({ method, path })),
    close: () =>
      (closing ??= (async () => {
        clearInterval(heartbeat);
        watchdogs.stop();
        reminders.stop();
        push.stop();
        if (staleSweep) clearInterval(staleSweep);
        // No new connections; the ones open finish their turns (bounded), then are told to
        // reconnect (1012) and their sessions are saved for the restarted relay.
        server.close();
        await Promise.race([
          Promise.allSettled(registry.all().map((s) => s.idle())),
          new Promise((r) => setTimeout(r, settings.shutdownDrainMs).unref()),
        ]);
        for (const ws of wss.clients) ws.close(1012, 'relay restarting');
        await registry.suspendAll();
        await new Promise<void>((resolve) => {
          const timer = setTimeout(() => {
            // Sockets that do not close politely are cut.
            for (const ws of wss.clients) ws.terminate();
            if ('closeAllConnections' in server) server.closeAllConnections();
            resolve();
          }, 1000);
          timer.unref();
          if (wss.clients.size === 0) {
            clearTimeout(timer);
            resolve();
          }
          wss.once('close', () => resolve());
        });
        await closeParts();
        await providers.close();
        log.info('relay stopped');
      })()),
  };
}

/** How often a slice of the sockets is pinged (ms). */
const HEARTBEAT_TICK_MS = 100;
