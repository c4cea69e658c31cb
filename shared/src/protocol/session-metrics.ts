import { z } from 'zod';

/** A timing over a session's turns (ms): null figures when no turn had it. */
export const timingStats = z.strictObject({
  /** Turns with this timing. */
  count: z.number().int(),
  avgMs: z.number().nullable(),
  minMs: z.number().nullable(),
  maxMs: z.number().nullable(),
});
export type TimingStats = z.infer<typeof timingStats>;

/**
 * A session's summary, stored with it when it ends (`sessions.metrics`): its turns, how they
 * ended, voice to voice as the client reported it, and the relay's stage timings. Holds no
 * transcript.
 */
export const sessionMetrics = z.strictObject({
  /** Turns stored (every turn something was heard of, whatever its status). */
  turns: z.number().int(),
  completed: z.number().int(),
  /** Turns that failed: the errors the user met (an apology, or nothing). */
  failed: z.number().int(),
  /** Replies the user cut short (a spoken barge-in or the interrupt control). */
  bargeIns: z.number().int(),
  /** End of speech → first reply sample played, as the client reported it (spoken turns). */
  voiceToVoiceMs: timingStats,
  /** The relay's stage timings (`turnTimings`); ASR over spoken turns only. */
  stages: z.strictObject({
    asrFinalMs: timingStats,
    llmFirstTokenMs: timingStats,
    ttsFirstAudioMs: timingStats,
    relayFirstAudioMs: timingStats,
  }),
});
export type SessionMetrics = z.infer<typeof sessionMetrics>;

/**
 * One ended session's metrics: its ids, times, cost and summary, no transcript. A line of
 * `GET /api/admin/sessions/metrics.jsonl` and an item of `GET /api/admin/sessions/metrics`.
 */
export const sessionMetricsLine = z.strictObject({
  sessionId: z.string(),
  userId: z.string(),
  /** Epoch ms. */
  startedAt: z.number(),
  /** Epoch ms. */
  endedAt: z.number(),
  durationMs: z.number().nullable(),
  closeReason: z.string().nullable(),
  /** Micro-dollars (the usage ledger's total for the session). */
  costMicros: z.number(),
  turnCount: z.number().int(),
  /** Null for sessions that ended before summaries were stored. */
  metrics: sessionMetrics.nullable(),
});
export type SessionMetricsLine = z.infer<typeof sessionMetricsLine>;

/** `GET /api/admin/sessions/metrics`: the sessions that ended last, newest first. */
export const sessionMetricsList = z.strictObject({
  sessions: z.array(sessionMetricsLine),
});
export type SessionMetricsList = z.infer<typeof sessionMetricsList>;
