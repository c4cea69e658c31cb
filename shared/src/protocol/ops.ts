import { z } from 'zod';
import { hostStats, poolStatus } from './host.ts';
import { latencyTargetsReport } from './latency-targets.ts';
import { stage } from './stage.ts';
import { providerOpsStatus } from './status.ts';
import { opsWatchdogs } from './watchdogs.ts';

/** p50 / p95 / p99 of some values (nearest rank); null when there were none. */
export const summary = z.strictObject({
  /** How many finite values were summarized. */
  count: z.number().int(),
  p50: z.number().nullable(),
  p95: z.number().nullable(),
  p99: z.number().nullable(),
});
export type Summary = z.infer<typeof summary>;

/** Percentiles per turn timing (ms; see `turnTimings`) over the last 200 turns. */
export const opsLatency = z.strictObject({
  asrFinalMs: summary,
  llmFirstTokenMs: summary,
  ttsFirstAudioMs: summary,
  relayFirstAudioMs: summary,
});

/** A recent turn as the ops dashboard lists it. */
export const opsTurn = z.strictObject({
  sessionId: z.string(),
  turnId: z.number().int(),
  userText: z.string(),
  assistantText: z.string(),
  /** How it ended as the user saw it: its status, or `interrupted` when they cut the reply short. */
  status: z.string(),
  /** Per stage (ms), as stored with the turn. */
  timings: z.record(z.string(), z.number()),
  /** Which provider served each stage. */
  providers: z.partialRecord(stage, z.string()),
  /** Epoch ms. */
  createdAt: z.number(),
});

/**
 * `GET /api/admin/overview`: what the ops dashboard shows — active sessions, latency percentiles
 * per stage and turn outcomes over recent turns, provider states, the last 10 turns, process CPU
 * and memory, the host's, the embedded engines' worker pools, and the latency targets.
 */
export const opsOverview = z.strictObject({
  /** When the overview was made (epoch ms). */
  atMs: z.number(),
  uptimeS: z.number().int(),
  sessionsActive: z.number().int(),
  /** Process CPU use since the previous overview (share of one core), and memory (bytes). */
  process: z.strictObject({
    cpu: z.number(),
    rssBytes: z.number().int(),
    heapUsedBytes: z.number().int(),
  }),
  /** The machine: CPU, memory and the data folder's disk. */
  host: hostStats,
  /** The embedded recogniser's and voice's worker pools (queue depth, busy workers). */
  pools: z.array(poolStatus),
  latency: opsLatency,
  /** Latency against the operators' targets (null when storage could not be read). */
  targets: latencyTargetsReport.nullable(),
  /**
   * Turns per outcome over the last 200 turns: their status, or `interrupted` for a reply the
   * user cut short (whatever the relay's run had reached).
   */
  statuses: z.record(z.string(), z.number().int()),
  /** Turns and failed turns per minute over the last 200 turns (the error rate over time). */
  perMinute: z.array(
    z.strictObject({
      /** Start of the minute (epoch ms). */
      minute: z.number(),
      turns: z.number().int(),
      failed: z.number().int(),
    }),
  ),
  providers: z.array(providerOpsStatus),
  /** Every stage has a provider that is not FAILED. */
  ready: z.boolean(),
  /** The last 10 turns, newest first. */
  recentTurns: z.array(opsTurn),
  /** What the relay's watchdogs see: memory, turns stuck now, event-loop stalls. */
  watchdogs: opsWatchdogs,
});
export type OpsOverview = z.infer<typeof opsOverview>;
