import {
  TARGET_PERCENTILE,
  type LatencyTargets,
  type LatencyTargetsReport,
  type TargetStats,
  type TargetTiming,
} from '../protocol/latency-targets.ts';
import { percentile } from '../timeline/percentiles.ts';

/** The target timings one turn has (a typed turn has no recognition, a failed one may lack more). */
export type TimingSample = Partial<Record<TargetTiming, number>>;

/**
 * `values` (ms) against `targetMs`: average, nearest-rank p50/p90/p99, the share within the
 * target (≤) and whether it is met (p90 ≤ target). Non-finite values are ignored. Pure.
 */
export function statsAgainstTarget(values: readonly number[], targetMs: number): TargetStats {
  const finite = values.filter(Number.isFinite);
  if (finite.length === 0)
    return {
      targetMs,
      count: 0,
      avgMs: null,
      p50Ms: null,
      p90Ms: null,
      p99Ms: null,
      withinShare: null,
      met: null,
    };
  const p90 = percentile(finite, TARGET_PERCENTILE);
  return {
    targetMs,
    count: finite.length,
    avgMs: finite.reduce((sum, v) => sum + v, 0) / finite.length,
    p50Ms: percentile(finite, 0.5),
    p90Ms: p90,
    p99Ms: percentile(finite, 0.99),
    withinShare: finite.filter((v) => v <= targetMs).length / finite.length,
    met: p90 <= targetMs,
  };
}

/** Every target timing of the window's turns against `targets`. Pure. */
export function latencyTargetsReportOf(window: {
  samples: readonly TimingSample[];
  targets: LatencyTargets;
  windowSessions: number;
  sessions: number;
  atMs: number;
}): LatencyTargetsReport {
  const { samples, targets } = window;
  const of = (timing: TargetTiming) =>
    statsAgainstTarget(
      samples.flatMap((s) => s[timing] ?? []),
      targets[timing],
    );
  return {
    atMs: window.atMs,
    windowSessions: window.windowSessions,
    sessions: window.sessions,
    turns: samples.length,
    timings: {
      asrFinalMs: of('asrFinalMs'),
      llmFirstTokenMs: of('llmFirstTokenMs'),
      ttsFirstAudioMs: of('ttsFirstAudioMs'),
      voiceToVoiceMs: of('voiceToVoiceMs'),
    },
  };
}
