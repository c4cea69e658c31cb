import type { Authenticator, OriginGate } from '../auth/index.ts';
import type { SharedState, Tickets } from '../cluster/index.ts';
import type { RelayConfig } from '../config.ts';
import type { ErrorTrackingConfig } from '../error-tracking/error-tracking-config.ts';
import type { ConnectionCap } from '../limits/connection-cap.ts';
import type { LimitsConfig } from '../limits/limits-config.ts';
import type { RelayLimits } from '../limits/relay-limits.ts';
import type { Logger } from '../log/logger.ts';
import type { LatencyTargetsReader } from '../ops/latency-targets.ts';
import type { CostMeter } from '../metering/cost-meter.ts';
import type { MeteringConfig } from '../metering/metering-config.ts';
import type { AudioDumper } from '../observability/audio-dump.ts';
import type { RelayMetrics } from '../observability/metrics.ts';
import type { ReminderPush } from './reminder-delivery.ts';
import type { Tracing } from '../observability/tracing/turn-trace.ts';
import type { PreferencesService } from '../preferences/preferences-service.ts';
import type { ProviderSettings } from '../provider-settings/provider-settings.ts';
import type { LiveProviders } from '../providers/live-providers.ts';
import type { SessionRegistry } from '../session/registry.ts';
import type { McpServers } from '../tools/mcp/mcp-servers.ts';
import type { Storage } from '../storage/index.ts';
import type { ToolSource } from '../tools/tool.ts';
import type { ToolRoundsConfig } from '../tools/tool-rounds-config.ts';
import type { BuiltinTools } from '../tools/builtin-tools.ts';
import type { ReminderClock } from '../tools/reminders/reminder-clock.ts';
import type { TurnWatch } from '../watchdogs/turn-watch.ts';
import type { Watchdogs } from '../watchdogs/watchdogs.ts';

/** Everything the relay's request and connection handlers share: one per process. */
export interface RelayContext {
  settings: RelayConfig;
  /** The provider chains new turns use (an admin may replace them while the relay runs). */
  providers: LiveProviders;
  /** The chains saved from the app: view, save, detection, model lists, tests. */
  providerSettings: ProviderSettings;
  /** The MCP servers an operator added, and their enabled tools (`mcpServers.tools`). */
  mcpServers: McpServers;
  registry: SessionRegistry;
  authenticator: Authenticator;
  tickets: Tickets;
  /** What this relay shares with the others (its own memory when it runs alone). */
  shared: SharedState;
  /**
   * Which pages may use the API and open the WebSocket, by origin: the app's, the sites that
   * embed the assistant (the policy is known once the port is). Counts and logs what it refuses.
   */
  origins: OriginGate;
  /** `ALLOWED_HOSTS`: names the relay answers for besides loopback and its origins' hosts. */
  allowedHosts: readonly string[];
  limits: RelayLimits;
  limitsConfig: LimitsConfig;
  meter: CostMeter;
  metering: MeteringConfig;
  storage: Storage;
  /** Each user's preferences (persona, voice…), stored, and last known in memory. */
  preferences: PreferencesService;
  /** The relay's own tools (time, arithmetic, reminders, notes) for every user's turns. */
  tools: BuiltinTools;
  /** Rings users' reminders on time on the pages they have open here. */
  reminders: ReminderClock;
  /** Pushes users' due reminders to their browsers when no page rang them (Web Push). */
  push: ReminderPush;
  /** Latency against the operators' targets over the latest sessions (from storage). */
  latencyTargets: LatencyTargetsReader;
  /** This relay's Prometheus metrics (`GET /metrics`). */
  metrics: RelayMetrics;
  /** Failed-turn dumps; null unless `DEBUG_AUDIO_DUMP` is on. */
  audioDump: AudioDumper | null;
  /** Each turn's trace (OpenTelemetry); null unless `OTEL_EXPORTER_OTLP_ENDPOINT` is set. */
  tracing: Tracing | null;
  /** Where the page's error reports go (`SENTRY_*`; see error-tracking-api.ts). */
  errorTracking: ErrorTrackingConfig;
  /** The turns being answered, with their stage, and when speech was last transcribed. */
  turnWatch: TurnWatch;
  /** Memory, stuck turns and event-loop stalls (the ops overview shows what they see). */
  watchdogs: Watchdogs;
  /** `MAX_CONNECTIONS`: refuses WebSocket upgrades and tickets beyond it. */
  connectionCap: ConnectionCap;
  /** The tools users' turns may call: the built-ins, then the operator's MCP tools. */
  turnTools: ToolSource;
  /** How far a turn may go in calling tools (`TOOL_*`). */
  toolRounds: ToolRoundsConfig;
  log: Logger;
  /** Epoch ms with sub-millisecond precision. */
  now(): number;
}
