import { z } from 'zod';
import { latencyTargetsReport } from './latency-targets.ts';
import { stage } from './stage.ts';

/**
 * Shapes of the relay's health and provider-status endpoints (`/health`, `/ready`,
 * `/api/status`, the admin breaker reset), shared so the relay builds them and clients parse
 * them with the same schemas.
 */

/** A provider's circuit breaker: serving, skipped, or letting one trial call through. */
export const breakerState = z.enum(['closed', 'open', 'half-open']);
export type BreakerState = z.infer<typeof breakerState>;

/** What the status page shows: serving normally, recovering or flaky, or skipped. */
export const providerHealth = z.enum(['HEALTHY', 'DEGRADED', 'FAILED']);
export type ProviderHealth = z.infer<typeof providerHealth>;

/** One provider of a failover chain: its breaker and what it did lately. */
export const providerStatus = z.strictObject({
  id: z.string(),
  label: z.string(),
  stage,
  /** Position in its stage's failover chain (0 = primary). */
  rank: z.number().int(),
  state: breakerState,
  health: providerHealth,
  consecutiveFailures: z.number().int(),
  /**
   * When an open breaker lets the next probe through, or a hold ends (epoch ms); null unless
   * open.
   */
  retryAtMs: z.number().nullable(),
  calls: z.number().int(),
  failures: z.number().int(),
  /** Time to first chunk over recent successful calls (ms). */
  latencyMs: z
    .strictObject({ p50: z.number(), p95: z.number(), samples: z.number().int() })
    .nullable(),
  lastError: z.strictObject({ message: z.string(), atMs: z.number() }).nullable(),
  /** Last real call (or background trial) that worked (epoch ms). */
  lastSuccessAtMs: z.number().nullable(),
  /**
   * Last reachability probe (`/models`): reachable or not. Says nothing about whether real calls
   * work, so it never closes a breaker nor clears a failure count.
   */
  lastProbe: z.strictObject({ ok: z.boolean(), atMs: z.number() }).nullable(),
});
export type ProviderStatus = z.infer<typeof providerStatus>;

/** Whether a stage can serve at all, and the ids of its chain, primary first. */
export const stageReadiness = z.strictObject({
  /** Some provider of the stage is not FAILED. */
  ready: z.boolean(),
  providers: z.array(z.string()),
});
export type StageReadiness = z.infer<typeof stageReadiness>;

const stagesReadiness = z.strictObject({
  asr: stageReadiness,
  llm: stageReadiness,
  tts: stageReadiness,
});

/**
 * `GET /health`: the relay process is up (always 200 while it answers), with what a monitor
 * watches: whether speech can be recognised, when it last was, load and memory. No secrets.
 */
export const healthResponse = z.strictObject({
  status: z.literal('ok'),
  uptimeS: z.number().int(),
  /** WebSocket connections open now. */
  connections: z.number().int(),
  /** Sessions this relay holds, attached or waiting for a resume. */
  sessions: z.number().int(),
  /** The id of each stage's primary provider. */
  providers: z.strictObject({ asr: z.string(), llm: z.string(), tts: z.string() }),
  /** Some speech recogniser of the ASR chain is not FAILED (as `/ready` says for `asr`). */
  recognizerReady: z.boolean(),
  /**
   * When the relay last produced the final transcript of an utterance (epoch ms), an empty one
   * included; null before the first since the relay started.
   */
  lastTranscriptAtMs: z.number().nullable(),
  /** The process's memory (MB, rounded): resident set, and V8 heap in use. */
  memoryMb: z.strictObject({ rss: z.number().int(), heapUsed: z.number().int() }),
});
export type HealthResponse = z.infer<typeof healthResponse>;

/** `GET /ready` (503 while not ready): every stage can serve and the shared store answers. */
export const readyResponse = z.strictObject({
  ready: z.boolean(),
  stages: stagesReadiness,
  /** The store the relays of a deployment share (in this process, or Redis). */
  shared: z.strictObject({ kind: z.enum(['memory', 'redis']), ok: z.boolean() }),
  relayId: z.string(),
});
export type ReadyResponse = z.infer<typeof readyResponse>;

/** `GET /api/status`: every provider's state, latency and last error (signed-in users). */
export const statusResponse = z.strictObject({
  ready: z.boolean(),
  stages: stagesReadiness,
  providers: z.array(providerStatus),
  /** Latency against the operators' targets (null when storage could not be read). */
  targets: latencyTargetsReport.nullable(),
});
export type StatusResponse = z.infer<typeof statusResponse>;

/** `POST /api/admin/providers/:id/reset`: the breaker of `reset` is closed. */
export const providerResetResponse = z.strictObject({
  reset: z.string(),
  providers: z.array(providerStatus),
});
export type ProviderResetResponse = z.infer<typeof providerResetResponse>;
