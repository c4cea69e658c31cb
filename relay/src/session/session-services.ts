import type { Eagerness } from '@parley/shared';
import type { SharedState } from '../cluster/shared-state.ts';
import type { LimitsConfig } from '../limits/limits-config.ts';
import type { RelayLimits } from '../limits/relay-limits.ts';
import type { Logger } from '../log/logger.ts';
import type { CostMeter } from '../metering/cost-meter.ts';
import type { MeteringConfig } from '../metering/metering-config.ts';
import type { AudioDumper } from '../observability/audio-dump.ts';
import type { RelayMetrics } from '../observability/metrics.ts';
import type { Tracing } from '../observability/tracing/turn-trace.ts';
import type { LiveProviders } from '../providers/live-providers.ts';
import type { Storage } from '../storage/index.ts';
import type { ToolSource } from '../tools/tool.ts';
import type { ToolRoundsConfig } from '../tools/tool-rounds-config.ts';
import type { TurnTracker } from '../watchdogs/turn-watch.ts';
import type { OpusSettings } from '../config.ts';
import type { SessionRegistry } from './registry.ts';
import type { FirstRunStore } from './page-language.ts';
import type { PreferencesSource } from './turns/turn-preferences.ts';

/**
 * What opening, resuming and ending sessions needs of the relay (the server's context provides
 * it; tests may build less). The session folder depends on this, not on the server.
 */
export interface SessionServices {
  settings: {
    historyMessages: number;
    resumeGraceMs: number;
    turnEagerness: Eagerness;
    opus: OpusSettings;
    /** `FIRST_TOKEN_LATE_S` in ms (absent: the default). */
    lateFirstTokenMs?: number;
  };
  /** The current provider chains (replaced while the relay runs when an admin saves others). */
  providers: LiveProviders;
  registry: SessionRegistry;
  shared: Pick<SharedState, 'ownership' | 'userSpend' | 'journals'>;
  limits: Pick<RelayLimits, 'admitSession' | 'sessionSlots' | 'recognitions'>;
  limitsConfig: Pick<LimitsConfig, 'maxSessionsPerUser'>;
  meter: CostMeter;
  metering: Pick<MeteringConfig, 'pricing' | 'budget'>;
  storage: Storage;
  /**
   * Each user's preferences, read at the start of each of their turns (a new user's first
   * session may save its page's language). Absent: the defaults.
   */
  preferences?: PreferencesSource & FirstRunStore;
  metrics: RelayMetrics;
  /** Failed-turn dumps; null unless `DEBUG_AUDIO_DUMP` is on. */
  audioDump: AudioDumper | null;
  /** Each turn's trace (OpenTelemetry). Absent or null: tracing is off. */
  tracing?: Tracing | null;
  /** The turns being answered, for the stuck-turn watchdog. Absent: none is watched. */
  turnWatch?: TurnTracker;
  /** The relay's own tools (the built-ins). Absent: none. */
  tools?: ToolSource;
  /** The tools users' turns may call (issue 48): the built-ins and MCP's. Absent: `tools`. */
  turnTools?: ToolSource;
  /** How far a turn may go in calling tools. Absent: the defaults. */
  toolRounds?: ToolRoundsConfig;
  log: Logger;
  /** Epoch ms with sub-millisecond precision. */
  now(): number;
}
