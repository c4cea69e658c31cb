import { loadAuthConfig, type AuthConfig } from './auth/auth-config.ts';
import { loadClusterConfig, type ClusterConfig } from './cluster/cluster-config.ts';
import { loadConfig, type RelayConfig } from './config.ts';
import {
  loadErrorTrackingConfig,
  type ErrorTrackingConfig,
} from './error-tracking/error-tracking-config.ts';
import type { Env } from './env/read-env.ts';
import { loadLimitsConfig, type LimitsConfig } from './limits/limits-config.ts';
import { logLevelFrom } from './log/logger.ts';
import { loadMeteringConfig, type MeteringConfig } from './metering/metering-config.ts';
import {
  loadProviderSettingsConfig,
  type ProviderSettingsConfig,
} from './provider-settings/settings-config.ts';
import { loadProviderPlan } from './providers/config/provider-config.ts';
import { loadMcpConfig, type McpConfig } from './tools/mcp/mcp-config.ts';
import { loadPushConfig, type PushConfig } from './push/push-config.ts';
import type { ProviderPlan } from './providers/config/provider-plan.ts';
import { loadToolRoundsConfig, type ToolRoundsConfig } from './tools/tool-rounds-config.ts';
import { loadTracingConfig, type TracingConfig } from './observability/tracing/tracing-config.ts';
import { loadWatchdogConfig, type WatchdogConfig } from './watchdogs/watchdog-config.ts';

/** Every setting of the relay, each part read by its subsystem's loader. */
export interface RelaySettings {
  relay: RelayConfig;
  auth: AuthConfig;
  limits: LimitsConfig;
  metering: MeteringConfig;
  cluster: ClusterConfig;
  providers: ProviderPlan;
  /** Provider settings saved from the app: the key sealing API keys, local server probes. */
  providerSettings: ProviderSettingsConfig;
  /** Where errors are reported (`SENTRY_*`). */
  errorTracking: ErrorTrackingConfig;
  /** Where turns' traces go (`OTEL_*`). */
  tracing: TracingConfig;
  logLevel: string;
  /** Memory, stuck turns and event-loop stalls. */
  watchdogs: WatchdogConfig;
  /** How far a turn may go in calling tools (`TOOL_*`). */
  toolRounds: ToolRoundsConfig;
  /** MCP servers: the stdio commands allowed, the call and connect deadlines. */
  mcp: McpConfig;
  /** Reminders pushed while the app is closed: the VAPID keys, the push services (`VAPID_*`, `PUSH_SERVICES`). */
  push: PushConfig;
}

/** Each part of the settings, or undefined where its loader threw. */
type PartsRead = { [K in keyof RelaySettings]: RelaySettings[K] | undefined };

/**
 * Reads every setting of the relay from `env` (the environment, with `PARLEY_CONFIG` merged in
 * by `withConfigFile`). Every loader follows one rule, that of `readEnv`: a blank value counts
 * as unset. Throws one `Error` listing the problems of every part, not only the first.
 */
export function loadSettings(env: Env): RelaySettings {
  const problems: string[] = [];
  const read = <T>(load: () => T): T | undefined => {
    try {
      return load();
    } catch (err) {
      problems.push(err instanceof Error ? err.message : String(err));
      return undefined;
    }
  };
  const settings: PartsRead = {
    relay: read(() => loadConfig(env)),
    auth: read(() => loadAuthConfig(env)),
    limits: read(() => loadLimitsConfig(env)),
    metering: read(() => loadMeteringConfig(env)),
    cluster: read(() => loadClusterConfig(env)),
    providers: read(() => loadProviderPlan(env)),
    providerSettings: read(() => loadProviderSettingsConfig(env)),
    errorTracking: read(() => loadErrorTrackingConfig(env)),
    tracing: read(() => loadTracingConfig(env)),
    logLevel: read(() => logLevelFrom(env)),
    watchdogs: read(() => loadWatchdogConfig(env)),
    toolRounds: read(() => loadToolRoundsConfig(env)),
    mcp: read(() => loadMcpConfig(env)),
    push: read(() => loadPushConfig(env)),
  };
  if (!everyPartRead(settings)) throw new Error(problems.join('\n'));
  return settings;
}

/** Whether no part is missing: each loader returned (none threw). */
function everyPartRead(parts: PartsRead): parts is RelaySettings {
  return Object.values(parts).every((part) => part !== undefined);
}
