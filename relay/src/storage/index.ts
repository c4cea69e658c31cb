import { openDatabase, type Database, type OpenDatabaseOptions } from './database.ts';
import { LatencySamples } from './latency-samples.ts';
import { McpServersStore } from './mcp-servers.ts';
import { NoteStore } from './notes.ts';
import { ProviderSettingsStore } from './provider-settings.ts';
import { PreferencesStore } from './preferences.ts';
import { PushSubscriptionStore } from './push-subscriptions.ts';
import { ReminderStore } from './reminders.ts';
import { SessionMetricsStore } from './session-metrics-store.ts';
import { SessionStore } from './sessions.ts';
import { TurnStore } from './turns.ts';
import { UsageLedger } from './usage.ts';
import { UsageReports } from './usage-report.ts';

/**
 * The relay's persistence: sessions and their turns (history), the usage ledger (money), the
 * provider settings saved from the app, and what the built-in tools keep for each user.
 * SQLite by default, PostgreSQL when given a URL; one schema and one set of queries for both.
 */
export interface Storage {
  readonly database: Database;
  readonly sessions: SessionStore;
  readonly turns: TurnStore;
  readonly usage: UsageLedger;
  /** The ledger summed by day, user and provider, for admins. */
  readonly usageReports: UsageReports;
  /** The provider chains saved from the app (shared by every relay of the database). */
  readonly providerSettings: ProviderSettingsStore;
  /** Each user's preferences. */
  readonly preferences: PreferencesStore;
  /** The MCP servers an operator added (shared by every relay of the database). */
  readonly mcpServers: McpServersStore;
  /** The timings of the latest sessions' turns (the latency targets' window). */
  readonly latency: LatencySamples;
  /** Ended sessions' metrics, for admins (export, dashboard). */
  readonly sessionMetrics: SessionMetricsStore;
  /** Each user's reminders (the built-in timers). */
  readonly reminders: ReminderStore;
  /** The notes the assistant keeps for each user. */
  readonly notes: NoteStore;
  /** Each user's browsers subscribed to Web Push (reminders while the app is closed). */
  readonly pushSubscriptions: PushSubscriptionStore;
  /** Closes the database (idempotent). */
  close(): Promise<void>;
}

export interface OpenStorageOptions extends OpenDatabaseOptions {
  /** Epoch-ms clock for every timestamp written (default `Date.now`); injected by tests. */
  now?: () => number;
}

/** Opens and migrates the database, then hands out its repositories. */
export async function openStorage(options: OpenStorageOptions = {}): Promise<Storage> {
  const database = await openDatabase(options);
  return storageOn(database, options.now);
}

/** Repositories over an already open database. */
function storageOn(database: Database, now: () => number = Date.now): Storage {
  return {
    database,
    sessions: new SessionStore(database, now),
    turns: new TurnStore(database, now),
    usage: new UsageLedger(database, now),
    usageReports: new UsageReports(database),
    providerSettings: new ProviderSettingsStore(database.db, now),
    preferences: new PreferencesStore(database, now),
    mcpServers: new McpServersStore(database.db, now),
    latency: new LatencySamples(database),
    sessionMetrics: new SessionMetricsStore(database),
    reminders: new ReminderStore(database, now),
    notes: new NoteStore(database, now),
    pushSubscriptions: new PushSubscriptionStore(database, now),
    close: () => database.close(),
  };
}

export type { OpenDatabaseOptions } from './database.ts';
export type { Scope, SystemJob } from './scope.ts';
export type { LatencyWindow } from './latency-samples.ts';
export type { EndedCursor, EndedRange } from './session-metrics-store.ts';
export type { StoredProviderSettings } from './provider-settings.ts';
export type { StoredPreferences } from './preferences.ts';
export type { StoredMcpServer } from './mcp-servers.ts';
export type { Note, NoteStore } from './notes.ts';
export type { Reminder, ReminderStore } from './reminders.ts';
export type { PushSubscriptionRecord, PushSubscriptionStore } from './push-subscriptions.ts';
export type { SessionSummary } from './sessions.ts';
export {
  sessionTitle,
  TITLE_MAX_CHARS,
  turnOutcome,
  type CompletedTurn,
  type TurnUsageEntry,
} from './turns.ts';
export { utcDay } from './usage.ts';
