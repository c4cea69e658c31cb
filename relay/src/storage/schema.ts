import type { ColumnType, Generated } from 'kysely';
import type { Stage } from '@parley/shared';

/**
 * Row types of the relay's tables, as Kysely sees them. Portable across SQLite and PostgreSQL:
 * times are epoch milliseconds (bigint), money is integer micro-dollars (bigint), flags are
 * integers 0/1, structured values are JSON text. Repositories map rows to the camelCase records
 * below; nothing outside `storage/` touches a row.
 */
export interface Tables {
  sessions: SessionsTable;
  turns: TurnsTable;
  usage_ledger: UsageLedgerTable;
  provider_settings: ProviderSettingsTable;
  user_preferences: UserPreferencesTable;
  mcp_servers: McpServersTable;
  reminders: RemindersTable;
  notes: NotesTable;
  push_subscriptions: PushSubscriptionsTable;
}

/** A column the database fills on insert when not given. */
type Defaulted<T> = ColumnType<T, T | undefined, T>;

export interface SessionsTable {
  id: string;
  user_id: string;
  /** Epoch ms. */
  started_at: number;
  /** Epoch ms; null while the session is open. */
  ended_at: number | null;
  duration_ms: number | null;
  close_reason: string | null;
  /** Σ usage_ledger.cost_micros of the session, kept in the same transactions. */
  cost_micros: Defaulted<number>;
  turn_count: Defaulted<number>;
  /** The first user utterance, at most 80 characters. */
  title: string | null;
  resume_secret_hash: string | null;
  /** JSON. */
  resume_state: string | null;
  /** Epoch ms of the last write; a crash leaves open sessions with an old value. */
  updated_at: number;
  /**
   * JSON: the session's summary (`SessionMetrics`), stored when it ends; null while it is open
   * and for sessions that ended before summaries were kept.
   */
  metrics: string | null;
}

export interface TurnsTable {
  session_id: string;
  turn_id: number;
  user_text: string;
  /** The reply as the user heard it (truncated on barge-in). */
  assistant_text: string;
  /** How the relay's run of the turn ended (`TurnStatus`). */
  status: string;
  /** 1 when the user cut the reply short (`assistant_text` is then what they heard of it). */
  interrupted: Defaulted<0 | 1>;
  /** JSON: stage timings in ms. */
  timings: string;
  /** JSON: units per stage, e.g. `{ "llm": { "inputTokens": 12, "outputTokens": 30 } }`. */
  usage: string;
  /** JSON: which provider served each stage, e.g. `{ "asr": "pocketsphinx" }`. */
  providers: string;
  /** Σ usage_ledger.cost_micros of the turn. */
  cost_micros: Defaulted<number>;
  /** Epoch ms. */
  created_at: number;
  /**
   * End of speech → first reply sample played (ms), as the client reported it (`playback.started`);
   * null for typed turns and replies nothing was played of.
   */
  voice_to_voice_ms: number | null;
  /** JSON: the tools the turn called (`TurnToolCall[]`, in order); null: none. */
  tool_calls: string | null;
}

export interface UsageLedgerTable {
  id: Generated<number>;
  user_id: string;
  /** Not a foreign key: ledger rows outlive their session (money spent stays spent). */
  session_id: string;
  turn_id: number | null;
  stage: UsageStage;
  provider: string;
  /** JSON, e.g. `{ "audioMs": 1830 }`, `{ "inputTokens": 12, "outputTokens": 30 }`. */
  units: string;
  cost_micros: number;
  /** 1 when the work was started ahead of need (and may have been thrown away). */
  speculative: Defaulted<0 | 1>;
  /** UTC day of `created_at`, `YYYY-MM-DD`, so day totals need no date functions. */
  day: string;
  /** Epoch ms. */
  created_at: number;
}

export interface ProviderSettingsTable {
  /** What the row configures: `providers` (the stages' chains). */
  scope: string;
  /** JSON: the chains, API keys sealed (see `provider-settings/stored-chains.ts`). */
  chains: string;
  /** Epoch ms of the last save; every relay polls it to pick up changes. */
  updated_at: number;
}

/** The paid stages of a turn. */
/** A stage of the turn (see `Stage` in the shared protocol). */
export type UsageStage = Stage;

/** Units one provider call consumed: `{ audioMs }`, `{ inputTokens, outputTokens }`, `{ characters }`. */
export type UsageUnits = Readonly<Record<string, number>>;

export interface UserPreferencesTable {
  user_id: string;
  /** JSON: the shared `UserPreferences`, validated when read. */
  preferences: string;
  /** Epoch ms. */
  updated_at: number;
}

export interface McpServersTable {
  /** Random, made by the relay when the server is added. */
  id: string;
  name: string;
  /**
   * JSON: how the server is reached and which of its tools are enabled, secrets sealed (see
   * `tools/mcp/stored-server.ts`).
   */
  config: string;
  /** Epoch ms. */
  created_at: number;
  /** Epoch ms of the last change; every relay compares them to pick up changes. */
  updated_at: number;
}

/** A reminder a user set ("remind me in ten minutes to…"), kept until their app has it. */
export interface RemindersTable {
  id: string;
  user_id: string;
  /** What to remind them of ("call Anna"). */
  text: string;
  /** Epoch ms. */
  due_at: number;
  /** Epoch ms. */
  created_at: number;
  /** Epoch ms at which a page of theirs said it rang; null until then (delivered again). */
  delivered_at: number | null;
  /** Epoch ms at which a relay claimed its Web Push; null until then (or with no subscription). */
  pushed_at: Defaulted<number | null>;
}

/** A browser's Web Push subscription (RFC 8030), for the user signed in there. */
export interface PushSubscriptionsTable {
  /** The push service's URL for this browser; the key. */
  endpoint: string;
  user_id: string;
  /** The browser's P-256 public key (base64url), for RFC 8291 encryption. */
  p256dh: string;
  /** The browser's 16-byte authentication secret (base64url). */
  auth: string;
  /** Epoch ms. */
  created_at: number;
  /** Epoch ms of the last time the browser sent it. */
  updated_at: number;
}

/** A note the assistant keeps for a user ("my sister's name is Anna"). */
export interface NotesTable {
  id: string;
  user_id: string;
  text: string;
  /** Epoch ms. */
  created_at: number;
}
