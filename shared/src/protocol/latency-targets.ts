import { z } from 'zod';

/**
 * The turn timings operators set latency targets for (ms): three stages measured on the relay,
 * and voice to voice as the user's client reports it (end of speech → first reply sample
 * played, both on the client's clock).
 */
export const TARGET_TIMINGS = [
  'asrFinalMs',
  'llmFirstTokenMs',
  'ttsFirstAudioMs',
  'voiceToVoiceMs',
] as const;
export const targetTiming = z.enum(TARGET_TIMINGS);
export type TargetTiming = z.infer<typeof targetTiming>;

/** A latency target per timing (ms). */
export type LatencyTargets = Readonly<Record<TargetTiming, number>>;

/** The percentile a timing's target is judged on: met when p90 ≤ target. */
export const TARGET_PERCENTILE = 0.9;

/**
 * One timing over the window against its target. Percentiles are nearest-rank; every figure is
 * null when the window holds no turn with this timing.
 */
export const targetStats = z.strictObject({
  targetMs: z.number(),
  /** Turns of the window with this timing. */
  count: z.number().int(),
  avgMs: z.number().nullable(),
  p50Ms: z.number().nullable(),
  p90Ms: z.number().nullable(),
  p99Ms: z.number().nullable(),
  /** Share of those turns (0–1) whose timing was within the target (≤ targetMs). */
  withinShare: z.number().nullable(),
  /** The target is met when p90 ≤ targetMs (see {@link TARGET_PERCENTILE}). */
  met: z.boolean().nullable(),
});
export type TargetStats = z.infer<typeof targetStats>;

/**
 * Latency against the operators' targets over a rolling window: the turns of the last
 * `windowSessions` sessions that had any (open ones included), read from storage, so every
 * relay of a shared database reports the same figures.
 */
export const latencyTargetsReport = z.strictObject({
  /** When the figures were read (epoch ms); they may be a few seconds old. */
  atMs: z.number(),
  /** The most sessions the window holds (`TARGET_WINDOW_SESSIONS`). */
  windowSessions: z.number().int(),
  /** Sessions in the window now (fewer until that many have had turns). */
  sessions: z.number().int(),
  /** Turns of those sessions. */
  turns: z.number().int(),
  timings: z.strictObject({
    asrFinalMs: targetStats,
    llmFirstTokenMs: targetStats,
    ttsFirstAudioMs: targetStats,
    voiceToVoiceMs: targetStats,
  }),
});
export type LatencyTargetsReport = z.infer<typeof latencyTargetsReport>;
