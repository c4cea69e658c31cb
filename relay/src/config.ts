import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65_535).default(8787),
  HOST: z.string().default('127.0.0.1'),
  /** Folder of the built web app to serve; empty = do not serve it. */
  WEB_DIST: z.string().optional(),
  /** Flite voice of the embedded TTS. */
  TTS_VOICE: z.enum(['slt', 'rms', 'awb', 'kal16']).default('slt'),
  /** Handshake: close connections that send no valid hello within this time (ms). */
  HELLO_TIMEOUT_MS: z.coerce.number().int().positive().default(5_000),
  /** Close a connection after this many invalid frames/messages. */
  MAX_PROTOCOL_ERRORS: z.coerce.number().int().positive().default(20),
  /** Messages of history kept per session for the LLM. */
  HISTORY_MESSAGES: z.coerce.number().int().positive().default(40),
  /** Folder of the SQLite database (when DATABASE_URL is not set). */
  DATA_DIR: z.string().default('data'),
  /** postgres://… to store in PostgreSQL instead of SQLite. */
  DATABASE_URL: z.string().optional(),
  /** SQLite: least time between two commits under load (ms); 0 = each as soon as it can. */
  SQLITE_COMMIT_INTERVAL_MS: z.coerce.number().int().min(0).max(1_000).default(20),
  /** How long a session whose connection dropped waits for its client to resume (s). */
  RESUME_GRACE_S: z.coerce.number().min(0).max(3600).default(60),
  /** Interval of the relay's WebSocket pings; a socket that misses one is closed (s). */
  SERVER_HEARTBEAT_S: z.coerce.number().positive().max(600).default(15),
  /** On SIGTERM, how long in-flight turns may take to finish before the relay stops (s). */
  SHUTDOWN_DRAIN_S: z.coerce.number().min(0).max(120).default(8),
  /** Behind a reverse proxy: take the client IP from X-Forwarded-For. */
  TRUST_PROXY: z.enum(['0', '1', 'true', 'false']).default('0'),
  /** Bearer token of the admin API (provider breaker reset); unset = admin API off. */
  ADMIN_TOKEN: z
    .string()
    .min(24, 'must be at least 24 characters (a random secret)')
    .optional()
    .or(z.literal('')),
  /** Bearer token for `GET /metrics`; unset = metrics only for loopback callers. */
  METRICS_TOKEN: z
    .string()
    .min(24, 'must be at least 24 characters (a random secret)')
    .optional()
    .or(z.literal('')),
  /** Write the audio and metadata of failed turns to DEBUG_AUDIO_DIR (kept 24 h). */
  DEBUG_AUDIO_DUMP: z.enum(['0', '1', 'true', 'false']).default('0'),
  /** Folder of the failed-turn dumps; default `<DATA_DIR>/audio-dumps`. */
  DEBUG_AUDIO_DIR: z.string().optional(),
  /** V8's old-generation growth after each full GC, % of the live heap; 0 = V8's own policy. */
  HEAP_GROWING_PERCENT: z.coerce.number().int().min(0).max(1000).default(200),
});

export type RelayConfig = {
  port: number;
  host: string;
  webDist: string | null;
  ttsVoice: 'slt' | 'rms' | 'awb' | 'kal16';
  helloTimeoutMs: number;
  maxProtocolErrors: number;
  historyMessages: number;
  dataDir: string;
  databaseUrl: string | undefined;
  /** SQLite: least time from one commit's start to the next, under load (ms). */
  sqliteCommitIntervalMs: number;
  resumeGraceMs: number;
  serverHeartbeatMs: number;
  shutdownDrainMs: number;
  trustProxy: boolean;
  adminToken: string | undefined;
  /** Bearer token for `/metrics`; undefined = loopback callers only. */
  metricsToken: string | undefined;
  /** Dump failed turns (audio + metadata) for debugging. */
  debugAudioDump: boolean;
  /** Where the dumps go. */
  debugAudioDir: string;
  /** Old-generation growth after a full GC (% of the live heap); 0 = V8's own policy. */
  heapGrowingPercent: number;
};

function defaultWebDist(): string | null {
  // relay/dist/main.js or relay/src/config.ts → web/dist
  const candidate = fileURLToPath(new URL('../../web/dist/', import.meta.url));
  return existsSync(candidate) ? candidate : null;
}

/** Reads and validates configuration from the environment; throws with every problem listed. */
export function loadConfig(env: Record<string, string | undefined> = process.env): RelayConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid relay configuration: ${problems}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    webDist: e.WEB_DIST === undefined ? defaultWebDist() : e.WEB_DIST === '' ? null : e.WEB_DIST,
    ttsVoice: e.TTS_VOICE,
    helloTimeoutMs: e.HELLO_TIMEOUT_MS,
    maxProtocolErrors: e.MAX_PROTOCOL_ERRORS,
    historyMessages: e.HISTORY_MESSAGES,
    dataDir: e.DATA_DIR,
    resumeGraceMs: Math.round(e.RESUME_GRACE_S * 1000),
    serverHeartbeatMs: Math.round(e.SERVER_HEARTBEAT_S * 1000),
    shutdownDrainMs: Math.round(e.SHUTDOWN_DRAIN_S * 1000),
    databaseUrl: e.DATABASE_URL === '' ? undefined : e.DATABASE_URL,
    sqliteCommitIntervalMs: e.SQLITE_COMMIT_INTERVAL_MS,
    trustProxy: e.TRUST_PROXY === '1' || e.TRUST_PROXY === 'true',
    adminToken: e.ADMIN_TOKEN === '' ? undefined : e.ADMIN_TOKEN,
    metricsToken: e.METRICS_TOKEN === '' ? undefined : e.METRICS_TOKEN,
    debugAudioDump: e.DEBUG_AUDIO_DUMP === '1' || e.DEBUG_AUDIO_DUMP === 'true',
    debugAudioDir: e.DEBUG_AUDIO_DIR || join(e.DATA_DIR, 'audio-dumps'),
    heapGrowingPercent: e.HEAP_GROWING_PERCENT,
  };
}
