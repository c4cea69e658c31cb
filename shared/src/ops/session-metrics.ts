import type { SessionMetrics, TimingStats } from '../protocol/session-metrics.ts';

/** What a session's summary needs of each stored turn. */
export interface SummarisedTurn {
  status: string;
  interrupted: boolean;
  /** The relay's stage timings and the client's `voiceToVoiceMs` (ms). */
  timings: Readonly<Record<string, number>>;
  /** A recogniser heard it (false: typed, its `asrFinalMs` is the text's arrival). */
  recognised: boolean;
}

/** Count, average, minimum and maximum of the finite `values` (ms). Pure. */
export function timingStatsOf(values: readonly number[]): TimingStats {
  const finite = values.filter(Number.isFinite);
  if (finite.length === 0) return { count: 0, avgMs: null, minMs: null, maxMs: null };
  return {
    count: finite.length,
    avgMs: finite.reduce((sum, v) => sum + v, 0) / finite.length,
    // Not Math.min(...values): a long session's turns would be too many arguments.
    minMs: finite.reduce((min, v) => Math.min(min, v)),
    maxMs: finite.reduce((max, v) => Math.max(max, v)),
  };
}

/**
 * A session's summary from its stored turns: how they ended, barge-ins, voice to voice and
 * stage timings. A failed turn the user cut short counts as failed and as a barge-in. Pure.
 */
export function sessionMetricsOf(turns: readonly SummarisedTurn[]): SessionMetrics {
  const timing = (name: string, of: readonly SummarisedTurn[] = turns) =>
    timingStatsOf(of.flatMap((t) => t.timings[name] ?? []));
  return {
    turns: turns.length,
    completed: turns.filter((t) => t.status === 'completed').length,
    failed: turns.filter((t) => t.status === 'failed').length,
    bargeIns: turns.filter((t) => t.interrupted).length,
    voiceToVoiceMs: timing('voiceToVoiceMs'),
    stages: {
      asrFinalMs: timing(
        'asrFinalMs',
        turns.filter((t) => t.recognised),
      ),
      llmFirstTokenMs: timing('llmFirstTokenMs'),
      ttsFirstAudioMs: timing('ttsFirstAudioMs'),
      relayFirstAudioMs: timing('relayFirstAudioMs'),
    },
  };
}
