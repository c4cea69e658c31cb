import { median, round, worst } from '../lib/stats.ts';
import type { StepResult } from './step.ts';

/** One row of the capacity table: medians over a step's runs; failures from its worst run. */
export interface StepSummary {
  clients: number;
  runs: number;
  connected: number;
  failedConnections: number;
  /** Talkers streaming microphone audio at once, on average. */
  streamsAvg: number;
  chunkP50Ms: number;
  chunkP99Ms: number;
  chunkMaxMs: number;
  /** The relay's own handling of a chunk (`parley_chunk_relay_seconds`), p99. */
  handlingP99Ms: number;
  lateChunks: number;
  droppedChunks: number;
  eventLoopDelayP99Ms: number;
  relayCpuPercent: number;
  /** The relay's RSS over its idle RSS, per session: every cost of the load, shared out. */
  rssPerSessionKiB: number;
  /**
   * What the relay holds after a full GC (JS heap + buffers) over what it held idle, per
   * session: the sessions' own data, without garbage or V8's headroom.
   */
  livePerSessionKiB: number;
  eosToAudioP50Ms: number;
  eosToAudioP99Ms: number;
  /** End of speech → first reply audio as the relay timed it (no client or kernel queueing). */
  relayEosToAudioP50Ms: number;
  relayEosToAudioP99Ms: number;
  cpuMsPerTurn: number;
  turnsPerSecond: number;
  failedTurns: number;
  generatorDelayP99Ms: number;
  generatorCpuPercent: number;
  /** Preemptions of the relay by other processes per second (machine contention). */
  preemptionsPerSecond: number;
  /** The relay's garbage collection: % of the window in pauses, and the longest pause (ms). */
  gcPercent: number;
  gcMaxMs: number;
  /** Within the goal: chunk p99 ≤ 5 ms, nothing late, dropped or failed. */
  holds: boolean;
}

/** The goal for one relay on this machine. */
export const GOAL = { chunkP99Ms: 5 };

export function summariseStep(runs: StepResult[]): StepSummary {
  const med = (f: (r: StepResult) => number) => median(runs.map(f));
  const max = (f: (r: StepResult) => number) => worst(runs.map(f));
  const s = {
    clients: runs[0]?.clients ?? 0,
    runs: runs.length,
    connected: med((r) => r.connected.ok),
    failedConnections: max((r) => r.connected.failed + r.delivery.offline),
    streamsAvg: med((r) => r.clientSide.streamsAvg),
    chunkP50Ms: med((r) => r.relay.chunks.p50Ms),
    chunkP99Ms: med((r) => r.relay.chunks.p99Ms),
    chunkMaxMs: med((r) => r.relay.chunks.maxMs),
    handlingP99Ms: med((r) => r.chunkHandlingMs.p99),
    lateChunks: max((r) => r.relay.chunks.late),
    droppedChunks: max((r) => r.delivery.dropped + r.delivery.lostChunks),
    eventLoopDelayP99Ms: med((r) => r.relay.eventLoopDelayMs.p99),
    relayCpuPercent: med((r) => r.relay.cpuPercent),
    rssPerSessionKiB: med((r) => r.derived.rssPerSessionKiB),
    livePerSessionKiB: med((r) => r.derived.livePerSessionKiB),
    eosToAudioP50Ms: med((r) => r.clientSide.eosToAudioMs.p50),
    eosToAudioP99Ms: med((r) => r.clientSide.eosToAudioMs.p99),
    relayEosToAudioP50Ms: med((r) => r.clientSide.relayEosToAudioMs.p50),
    relayEosToAudioP99Ms: med((r) => r.clientSide.relayEosToAudioMs.p99),
    cpuMsPerTurn: med((r) => r.derived.cpuMsPerTurn),
    turnsPerSecond: med((r) => r.derived.turnsPerSecond),
    failedTurns: max((r) => r.clientSide.turnsFailed),
    generatorDelayP99Ms: med((r) => r.clientSide.generatorDelayP99Ms),
    generatorCpuPercent: med((r) => r.clientSide.generatorCpuPercent),
    gcMaxMs: med((r) => r.relay.gc.maxMs),
    gcPercent: med((r) => round((100 * r.relay.gc.totalMs) / r.relay.wallMs, 1)),
    preemptionsPerSecond: med((r) =>
      round(r.relay.involuntaryContextSwitches / (r.relay.wallMs / 1000), 0),
    ),
  };
  return {
    ...s,
    holds:
      s.chunkP99Ms <= GOAL.chunkP99Ms &&
      s.lateChunks === 0 &&
      s.droppedChunks === 0 &&
      s.failedConnections === 0 &&
      s.failedTurns === 0,
  };
}

/** The largest step within the goal, and the first one past it (null: none). */
export function breakingPoint(rows: StepSummary[]): {
  holdsUpTo: number | null;
  breaksAt: number | null;
} {
  const sorted = [...rows].sort((a, b) => a.clients - b.clients);
  const firstBad = sorted.find((r) => !r.holds);
  const good = sorted.filter((r) => r.holds && (!firstBad || r.clients < firstBad.clients));
  return { holdsUpTo: good.at(-1)?.clients ?? null, breaksAt: firstBad?.clients ?? null };
}
