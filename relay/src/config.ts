import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EAGERNESS, type Eagerness, type LatencyTargets } from '@parley/shared';
import { z } from 'zod';
import { isLoopbackHost } from './auth/loopback.ts';
import { envFlag, envNumber, envSecret } from './env/env-fields.ts';
import { readEnv, type Env } from './env/read-env.ts';
import { TOKEN_RULE, urlPasswordProblem } from './env/secret-strength.ts';

/** The most proxies `TRUST_PROXY` may name (a chain longer than this is a misconfiguration). */
const MAX_PROXY_HOPS = 10;

const envSchema = z.object({
  PORT: envNumber({
    default: 8787,
    min: 0,
    max: 65_535,
    integer: true,
    meaning: 'TCP port, 0 = any free one',
  }),
  HOST: z.string().default('127.0.0.1'),
  /** Folder of the built web app to serve; `none` = do not serve it. */
  WEB_DIST: z.string().optional(),
  /** Folder of the built widget (its loader `widget.js`); `none` = do not serve it. */
  WIDGET_DIST: z.string().optional(),
  /** Handshake: close connections that send no valid hello within this time (ms). */
  HELLO_TIMEOUT_MS: envNumber({
    default: 5_000,
    min: 1,
    max: 600_000,
    integer: true,
    meaning: 'ms a new connection has to send its hello',
  }),
  /** Close a connection after this many invalid frames/messages. */
  MAX_PROTOCOL_ERRORS: envNumber({
    default: 20,
    min: 1,
    max: 100_000,
    integer: true,
    meaning: 'invalid messages before a connection is closed',
  }),
  /** Messages of history kept per session for the LLM. */
  HISTORY_MESSAGES: envNumber({
    default: 40,
    min: 1,
    max: 100_000,
    integer: true,
    meaning: 'conversation messages kept per session',
  }),
  /** Folder of the SQLite database (when DATABASE_URL is not set). */
  DATA_DIR: z.string().default('data'),
  /** postgres://… to store in PostgreSQL instead of SQLite. */
  DATABASE_URL: z
    .string()
    .optional()
    .superRefine((raw, ctx) => {
      const problem = raw === undefined ? null : urlPasswordProblem(raw, isLoopbackHost);
      if (problem !== null) ctx.addIssue({ code: 'custom', message: problem });
    }),
  /** SQLite: least time between two commits under load (ms); 0 = each as soon as it can. */
  SQLITE_COMMIT_INTERVAL_MS: envNumber({
    default: 20,
    min: 0,
    max: 1_000,
    integer: true,
    meaning: 'ms between two SQLite commits under load',
  }),
  /** How long a session whose connection dropped waits for its client to resume (s). */
  RESUME_GRACE_S: envNumber({
    default: 60,
    min: 0,
    max: 3600,
    meaning: 'seconds a dropped session waits for its client, 0 = no resume',
  }),
  /** Interval of the relay's WebSocket pings; a socket that misses one is closed (s). */
  SERVER_HEARTBEAT_S: envNumber({
    default: 15,
    min: 0.1,
    max: 600,
    meaning: 'seconds between WebSocket pings',
  }),
  /** On SIGTERM, how long in-flight turns may take to finish before the relay stops (s). */
  SHUTDOWN_DRAIN_S: envNumber({
    default: 8,
    min: 0,
    max: 120,
    meaning: 'seconds turns get to finish on SIGTERM',
  }),
  /**
   * Behind reverse proxies: how many of them append to X-Forwarded-For (`1`/`true` = one);
   * `0`/`false` = none, the socket's address is the client's.
   */
  TRUST_PROXY: z
    .string()
    .optional()
    .transform((raw, ctx) => {
      const text = raw?.trim().toLowerCase() ?? '';
      if (text === '' || text === 'false') return 0;
      if (text === 'true') return 1;
      const hops = Number(text);
      if (Number.isInteger(hops) && hops >= 0 && hops <= MAX_PROXY_HOPS) return hops;
      ctx.addIssue({
        code: 'custom',
        message: `must be 0 to ${MAX_PROXY_HOPS} (how many proxies in front of the relay append to X-Forwarded-For), true or false; got "${raw ?? ''}"`,
      });
      return z.NEVER;
    }),
  /** Bearer token of the admin API (provider breaker reset); unset = admin API off. */
  ADMIN_TOKEN: envSecret(TOKEN_RULE),
  /** Bearer token for `GET /metrics`; unset = metrics only for loopback callers. */
  METRICS_TOKEN: envSecret(TOKEN_RULE),
  /** Write the audio and metadata of failed turns to DEBUG_AUDIO_DIR (kept 24 h). */
  DEBUG_AUDIO_DUMP: envFlag({ default: false, meaning: 'keep the audio of failed turns' }),
  /** Folder of the failed-turn dumps; default `<DATA_DIR>/audio-dumps`. */
  DEBUG_AUDIO_DIR: z.string().optional(),
  /** V8's old-generation growth after each full GC, % of the live heap; 0 = V8's own policy. */
  HEAP_GROWING_PERCENT: envNumber({
    default: 200,
    min: 0,
    max: 1000,
    integer: true,
    meaning: '% of the live heap the old generation may grow by, 0 = V8 decides',
  }),
  /** How soon a user's turn ends at a pause, for users who chose none. */
  TURN_EAGERNESS: z.enum(EAGERNESS).default('balanced'),
  /**
   * Audio travels as Opus where the client can; off = PCM16 for everyone
   * (docs/decisions.md#opus-on-the-wire-pcm16-always-the-fallback).
   */
  OPUS: envFlag({ default: true, meaning: 'send and take Opus audio where the client can' }),
  /**
   * How long the language model may take to its first word before the user hears the line a
   * slow tool gets ("One moment, I'm checking."), once per turn (s); 0 = never (issue 63).
   */
  FIRST_TOKEN_LATE_S: envNumber({
    default: 1.5,
    min: 0,
    max: 60,
    meaning:
      'seconds the model may take to its first word before a short line covers it, 0 = never',
  }),
  /** The relay's own tools (time, arithmetic, reminders, notes) for every turn (issue 48). */
  BUILTIN_TOOLS: envFlag({ default: true, meaning: 'give turns the built-in tools' }),
  /** Bits per second of reply audio sent as Opus (speech: 16–32 kbit/s sounds clean). */
  OPUS_REPLY_BITRATE: envNumber({
    default: 24_000,
    min: 6_000,
    max: 128_000,
    integer: true,
    meaning: 'bits per second of reply audio in Opus',
  }),
  /** Latency targets (ms), judged on p90 over the last TARGET_WINDOW_SESSIONS sessions. */
  TARGET_ASR_MS: targetMs('utterance end → final transcript'),
  TARGET_LLM_FIRST_TOKEN_MS: targetMs('LLM request → first token', 300),
  TARGET_TTS_FIRST_AUDIO_MS: targetMs('first sentence → its first audio', 200),
  TARGET_VOICE_TO_VOICE_MS: targetMs('end of speech → first reply sample played', 1000),
  TARGET_WINDOW_SESSIONS: envNumber({
    default: 100,
    min: 1,
    max: 10_000,
    integer: true,
    meaning: 'latest sessions whose turns the latency targets are judged on',
  }),
});

/** A latency target in ms (`TARGET_*_MS`). */
function targetMs(what: string, defaultMs = 500) {
  return envNumber({
    default: defaultMs,
    min: 1,
    max: 600_000,
    integer: true,
    meaning: `ms target of ${what}`,
  });
}

/** The relay's Opus settings (`OPUS`, `OPUS_REPLY_BITRATE`). */
export interface OpusSettings {
  enabled: boolean;
  /** Bits per second of reply audio in Opus. */
  replyBitrate: number;
}

export type RelayConfig = {
  port: number;
  host: string;
  webDist: string | null;
  /** The built widget's folder (`/widget.js` is its `widget.js`); null: none served. */
  widgetDist: string | null;
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
  /**
   * Reverse proxies in front of the relay that append the address they saw to X-Forwarded-For;
   * 0 = none (the socket's address is the client's). See `clientAddress`.
   */
  trustedProxies: number;
  adminToken: string | undefined;
  /** Bearer token for `/metrics`; undefined = loopback callers only. */
  metricsToken: string | undefined;
  /** Dump failed turns (audio + metadata) for debugging. */
  debugAudioDump: boolean;
  /** Where the dumps go. */
  debugAudioDir: string;
  /** Old-generation growth after a full GC (% of the live heap); 0 = V8's own policy. */
  heapGrowingPercent: number;
  /** The end-of-turn eagerness of users who chose none (`TURN_EAGERNESS`). */
  turnEagerness: Eagerness;
  /** Whether audio may travel as Opus, and the reply's bitrate (`OPUS`, `OPUS_REPLY_BITRATE`). */
  opus: OpusSettings;
  /** Latency targets per stage and voice to voice (ms; `TARGET_*_MS`). */
  latencyTargets: LatencyTargets;
  /** Whether turns get the built-in tools: time, arithmetic, reminders, notes (`BUILTIN_TOOLS`). */
  builtinTools: boolean;
  /** The model's first word later than this gets a short line (ms; 0: never; `FIRST_TOKEN_LATE_S`). */
  lateFirstTokenMs: number;
  /** Sessions the latency targets are judged over (`TARGET_WINDOW_SESSIONS`). */
  targetWindowSessions: number;
};

function defaultWebDist(): string | null {
  // relay/dist/main.js or relay/src/config.ts → web/dist
  const candidate = fileURLToPath(new URL('../../web/dist/', import.meta.url));
  return existsSync(candidate) ? candidate : null;
}

/** `WEB_DIST` (or `WIDGET_DIST`) that means "serve no web app" (no widget). */
const NO_WEB_DIST = 'none';

/**
 * The widget's folder: `WIDGET_DIST`, or widget/dist beside the relay (relay/dist/main.js or
 * relay/src/config.ts → widget/dist) whether built yet or not: `/widget.js` then says it is not
 * built (a 404 naming the build) rather than nothing at all.
 */
function widgetDist(value: string | undefined): string | null {
  if (value === undefined) return fileURLToPath(new URL('../../widget/dist/', import.meta.url));
  return value.toLowerCase() === NO_WEB_DIST ? null : value;
}

/**
 * Reads and validates the relay's own settings from the environment (blank = unset); throws
 * with every problem listed.
 */
export function loadConfig(env: Env = process.env): RelayConfig {
  const e = readEnv(envSchema, env, 'relay');
  return {
    port: e.PORT,
    host: e.HOST,
    webDist:
      e.WEB_DIST === undefined
        ? defaultWebDist()
        : e.WEB_DIST.toLowerCase() === NO_WEB_DIST
          ? null
          : e.WEB_DIST,
    widgetDist: widgetDist(e.WIDGET_DIST),
    helloTimeoutMs: e.HELLO_TIMEOUT_MS,
    maxProtocolErrors: e.MAX_PROTOCOL_ERRORS,
    historyMessages: e.HISTORY_MESSAGES,
    dataDir: e.DATA_DIR,
    resumeGraceMs: Math.round(e.RESUME_GRACE_S * 1000),
    serverHeartbeatMs: Math.round(e.SERVER_HEARTBEAT_S * 1000),
    shutdownDrainMs: Math.round(e.SHUTDOWN_DRAIN_S * 1000),
    databaseUrl: e.DATABASE_URL,
    sqliteCommitIntervalMs: e.SQLITE_COMMIT_INTERVAL_MS,
    trustedProxies: e.TRUST_PROXY,
    adminToken: e.ADMIN_TOKEN,
    metricsToken: e.METRICS_TOKEN,
    debugAudioDump: e.DEBUG_AUDIO_DUMP,
    debugAudioDir: e.DEBUG_AUDIO_DIR ?? join(e.DATA_DIR, 'audio-dumps'),
    heapGrowingPercent: e.HEAP_GROWING_PERCENT,
    turnEagerness: e.TURN_EAGERNESS,
    opus: { enabled: e.OPUS, replyBitrate: e.OPUS_REPLY_BITRATE },
    builtinTools: e.BUILTIN_TOOLS,
    lateFirstTokenMs: Math.round(e.FIRST_TOKEN_LATE_S * 1000),
    latencyTargets: {
      asrFinalMs: e.TARGET_ASR_MS,
      llmFirstTokenMs: e.TARGET_LLM_FIRST_TOKEN_MS,
      ttsFirstAudioMs: e.TARGET_TTS_FIRST_AUDIO_MS,
      voiceToVoiceMs: e.TARGET_VOICE_TO_VOICE_MS,
    },
    targetWindowSessions: e.TARGET_WINDOW_SESSIONS,
  };
}
