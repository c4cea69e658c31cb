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

/**
 * Why a provider call failed (the relay's `ProviderError` kinds): `http` (an error status; a
 * redirect too, as redirects are not followed), `network` (no connection, or it broke),
 * `protocol` (an answer we cannot use), `timeout` (no first byte in time, a stall, too long in
 * all), `auth` (the key refused: 401/403).
 */
export const PROVIDER_ERROR_KINDS = ['http', 'network', 'protocol', 'timeout', 'auth'] as const;

/** A provider error's kind, or `other`: not the provider's answer (the relay's own fault). */
export const providerFailureKind = z.enum([...PROVIDER_ERROR_KINDS, 'other']);
export type ProviderFailureKind = z.infer<typeof providerFailureKind>;

/**
 * A provider's last failure as any signed-in user sees it: its kind and HTTP status, never the
 * provider's words (they may quote a key, an internal address or a body).
 */
export const providerFailure = z.strictObject({
  kind: providerFailureKind,
  /** The HTTP status the provider answered with (null: none, e.g. a network failure). */
  status: z.number().int().nullable(),
  atMs: z.number(),
});
export type ProviderFailure = z.infer<typeof providerFailure>;

/**
 * A provider's last failure as operators see it (the admin API, `/ops`): with the relay's words
 * and the start of the provider's answer, the key that was sent and any URL credentials removed.
 */
export const providerFailureDetail = providerFailure.extend({ message: z.string() });
export type ProviderFailureDetail = z.infer<typeof providerFailureDetail>;

/**
 * One provider of a failover chain as any signed-in user sees it (`GET /api/status`): its
 * breaker, what it did lately, and its last failure's kind and status only.
 */
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
  lastError: providerFailure.nullable(),
  /** Last real call (or background trial) that worked (epoch ms). */
  lastSuccessAtMs: z.number().nullable(),
  /**
   * Last reachability probe (`/models`): reachable or not. Says nothing about whether real calls
   * work, so it never closes a breaker nor clears a failure count.
   */
  lastProbe: z.strictObject({ ok: z.boolean(), atMs: z.number() }).nullable(),
});
export type ProviderStatus = z.infer<typeof providerStatus>;

/**
 * One provider of a failover chain as operators see it (`/api/admin/overview`, the breaker
 * reset): as {@link providerStatus}, its last failure with the scrubbed words.
 */
export const providerOpsStatus = providerStatus.extend({
  lastError: providerFailureDetail.nullable(),
});
export type ProviderOpsStatus = z.infer<typeof providerOpsStatus>;

/** What a signed-in user may see of `status`: the last failure without its words. */
export function providerStatusForUsers(status: ProviderOpsStatus): ProviderStatus {
  const failure = status.lastError;
  return {
    ...status,
    lastError:
      failure === null ? null : { kind: failure.kind, status: failure.status, atMs: failure.atMs },
  };
}

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
  /**
   * How long that transcription took (ms): utterance.end received → its final transcript (a
   * turn's `asrFinalMs`); null before the first.
   */
  lastTranscriptionMs: z.number().nullable(),
  /** The process's memory (MB, rounded): resident set, and V8 heap in use. */
  memoryMb: z.strictObject({ rss: z.number().int(), heapUsed: z.number().int() }),
});
export type HealthResponse = z.infer<typeof healthResponse>;

/**
 * Something the relay serves without, though its configuration asks for it or a user may expect
 * it (issues 61, 62): Moonshine's model could not be loaded, so the embedded recogniser
 * (PocketSphinx) writes the words alone until a later load works; or the operator left eSpeak NG
 * out, so no offline voice speaks Dutch. The relay still serves: a warning never makes it unready.
 */
export const relayWarning = z.strictObject({
  /**
   * `writer-unavailable`: Moonshine could not load, PocketSphinx writes alone;
   * `voice-left-out`: eSpeak NG is left out (`ESPEAK_NG=off`), no offline voice speaks Dutch.
   */
  code: z.enum(['writer-unavailable', 'voice-left-out']),
  stage,
  /** The provider that cannot serve as configured (`moonshine`). */
  provider: z.string(),
  /** The one serving in its place (`pocketsphinx`). */
  servedBy: z.string(),
  /** Since when (epoch ms). */
  sinceMs: z.number(),
  /**
   * In words, for an operator reading `/ready` (no path nor error text: `/ready` answers
   * anyone; the relay's log has why). The page words it itself, from `code`.
   */
  message: z.string(),
});
export type RelayWarning = z.infer<typeof relayWarning>;

/** `GET /ready` (503 while not ready): every stage can serve and the shared store answers. */
export const readyResponse = z.strictObject({
  ready: z.boolean(),
  stages: stagesReadiness,
  /** What the relay serves without though it was asked for (it stays ready). */
  warnings: z.array(relayWarning),
  /** The store the relays of a deployment share (in this process, or Redis). */
  shared: z.strictObject({ kind: z.enum(['memory', 'redis']), ok: z.boolean() }),
  relayId: z.string(),
});
export type ReadyResponse = z.infer<typeof readyResponse>;

/**
 * `GET /api/status`: every provider's state, latency and the kind of its last failure
 * (signed-in users).
 */
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
  providers: z.array(providerOpsStatus),
});
export type ProviderResetResponse = z.infer<typeof providerResetResponse>;
