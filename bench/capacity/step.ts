import { randomBytes } from 'node:crypto';
import { ZERO_LATENCY } from '../../relay/test/fakes/providers/provider-set.ts';
import {
  histogramDelta,
  histogramQuantile,
  parsePromHistogram,
  type PromHistogram,
} from '../lib/prom-histogram.ts';
import type { MemoryBaseline, RelayWindow } from '../lib/relay-ipc.ts';
import { RelayProcess } from '../lib/relay-process.ts';
import { round } from '../lib/stats.ts';
import type { GeneratorPriority } from '../lib/thread-priority.ts';
import { LoadGenerator, type Connected } from './load-generator.ts';
import type { WorkerTotals, WorkerWindow } from './worker-protocol.ts';
import { percentile } from '@parley/shared';

export interface StepOptions {
  clients: number;
  /** Talking before the measurement window opens (s). */
  warmupS: number;
  /** Length of the measurement window (s). */
  durationS: number;
  workers: number;
  connectConcurrency: number;
  /** Reply audio rate the clients ask for (Hz), or the synthesiser's own ('native'). */
  outputRateHz: number | 'native';
  /**
   * How audio travels. With Opus the relay decodes every microphone chunk and encodes every
   * reply; the chunk's send stamp does not survive the codec, so chunk latencies are PCM16's only.
   */
  codec: 'pcm16' | 'opus';
  /** A chunk later than this (send → recogniser) counts as late (ms). */
  lateMs: number;
  seed: number;
  /** Niceness of the load-generator threads. */
  generatorPriority: GeneratorPriority;
  /** The relay's LOG_LEVEL. */
  logLevel: string;
  /** Profile the relay's event loop over the measurement window into this file. */
  cpuProfilePath?: string;
}

/** Everything one step measured. */
export interface StepResult {
  clients: number;
  connected: Connected;
  relay: RelayWindow;
  relayBaseline: { rssBytes: number; heapUsedBytes: number };
  /** `parley_chunk_relay_seconds` over the window: the relay's own handling of a chunk (ms). */
  chunkHandlingMs: { p50: number; p99: number; count: number };
  clientSide: {
    eosToAudioMs: { p50: number; p99: number; count: number };
    /** The same turns as the relay timed them (`turn.done`): end received → first audio sent. */
    relayEosToAudioMs: { p50: number; p99: number; count: number };
    turnsCompleted: number;
    turnsFailed: number;
    errors: Record<string, number>;
    streamsAvg: number;
    generatorDelayP99Ms: number;
    /** The load-generator process (all its workers), % of one core. */
    generatorCpuPercent: number;
  };
  delivery: WorkerTotals & { chunksWritten: number; dropped: number };
  derived: {
    rssPerSessionKiB: number;
    /** What the relay holds after a full GC over what it held idle, per session. */
    livePerSessionKiB: number;
    cpuMsPerTurn: number;
    turnsPerSecond: number;
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The relay's limits raised so the only limit is the machine. */
export function relayEnv(logLevel: string, jwtSecret: string): Record<string, string> {
  return {
    LOG_LEVEL: logLevel,
    AUTH_MODE: 'jwt',
    JWT_SECRET: jwtSecret,
    ALLOWED_ORIGINS: 'http://127.0.0.1',
    MAX_SESSIONS_PER_USER: '1000',
    NEW_SESSIONS_PER_MINUTE: '10000',
    CONNECTIONS_PER_IP_BURST: '100000',
    CONNECTIONS_PER_IP_PER_SECOND: '100000',
    LIMITER_MAX_KEYS: '100000',
  };
}

/** Idle time before the relay's baseline memory is read: see `RelaySpec.settleMs`. */
export const BASELINE_SETTLE_MS = 12_000;

/**
 * One step of the ramp: a fresh relay process, `clients` talkers connected and talking, a
 * warm-up, one measurement window, then a drain to count chunks that never reached the
 * recogniser.
 */

export async function runStep(o: StepOptions): Promise<StepResult> {
  const jwtSecret = randomBytes(32).toString('hex');
  const relay = await RelayProcess.start({
    spec: {
      latencies: ZERO_LATENCY,
      lateMs: o.lateMs,
      settleMs: BASELINE_SETTLE_MS,
      ...(o.cpuProfilePath ? { cpuProfilePath: o.cpuProfilePath } : {}),
    },
    env: relayEnv(o.logLevel, jwtSecret),
  });
  try {
    const { load, connected } = await LoadGenerator.start({
      wsUrl: relay.wsUrl,
      clients: o.clients,
      workers: o.workers,
      jwtSecret,
      seed: o.seed,
      priority: o.generatorPriority,
      connectConcurrency: o.connectConcurrency,
      outputSampleRateHz: o.outputRateHz,
      codec: o.codec,
    });
    await sleep(o.warmupS * 1000);
    const scrape = async () => {
      const text = await relay.scrape();
      return text === null ? null : parsePromHistogram(text, 'parley_chunk_relay_seconds');
    };
    const before = await scrape();
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    relay.startWindow();
    load.startWindow();
    await sleep(o.durationS * 1000);
    const [window, workers] = await Promise.all([relay.endWindow(), load.endWindow()]);
    const cpu = process.cpuUsage(cpu0);
    const wallMs = performance.now() - t0;
    // An overloaded relay may not answer: the handling figure is then left out.
    const after = before ? await scrape() : null;
    const totals = await load.stop();
    // Chunks on their way reach the relay; then count what the recogniser got.
    await sleep(2000);
    const relayTotals = await relay.totals();
    await load.close();
    return summarise(o, {
      connected,
      window,
      workers,
      totals,
      chunksWritten: relayTotals.chunksWritten,
      handling: before && after ? histogramDelta(before, after) : null,
      baseline: relay.baseline,
      generatorCpuPercent: round((100 * (cpu.user + cpu.system)) / 1000 / wallMs),
    });
  } catch (err) {
    throw new Error(
      `step ${o.clients}: ${err instanceof Error ? err.message : String(err)}\n${relay.lastErrors}`,
      { cause: err },
    );
  } finally {
    await relay.stop();
  }
}

function summarise(
  o: StepOptions,
  m: {
    connected: Connected;
    window: RelayWindow;
    workers: WorkerWindow[];
    totals: WorkerTotals;
    chunksWritten: number;
    handling: PromHistogram | null;
    baseline: MemoryBaseline;
    generatorCpuPercent: number;
  },
): StepResult {
  const eos = m.workers.flatMap((w) => w.eosToAudioMs);
  const relayEos = m.workers.flatMap((w) => w.relayEosToAudioMs);
  const sum = (f: (w: WorkerWindow) => number) => m.workers.reduce((n, w) => n + f(w), 0);
  const errors: Record<string, number> = {};
  for (const w of m.workers)
    for (const [k, n] of Object.entries(w.errors)) errors[k] = (errors[k] ?? 0) + n;
  const sessions = Math.max(1, m.window.sessions);
  const q = (p: number) => (m.handling ? round(histogramQuantile(m.handling, p) * 1000, 3) : NaN);
  return {
    clients: o.clients,
    connected: m.connected,
    relay: m.window,
    relayBaseline: m.baseline,
    chunkHandlingMs: { p50: q(0.5), p99: q(0.99), count: m.handling?.count ?? 0 },
    clientSide: {
      eosToAudioMs: {
        p50: round(percentile(eos, 0.5), 2),
        p99: round(percentile(eos, 0.99), 2),
        count: eos.length,
      },
      relayEosToAudioMs: {
        p50: round(percentile(relayEos, 0.5), 2),
        p99: round(percentile(relayEos, 0.99), 2),
        count: relayEos.length,
      },
      turnsCompleted: sum((w) => w.turnsCompleted),
      turnsFailed: sum((w) => w.turnsFailed),
      errors,
      streamsAvg: Math.round(sum((w) => w.streamsAvg)),
      generatorDelayP99Ms: Math.max(...m.workers.map((w) => w.generatorDelayP99Ms)),
      generatorCpuPercent: m.generatorCpuPercent,
    },
    delivery: {
      ...m.totals,
      chunksWritten: m.chunksWritten,
      dropped: Math.max(0, m.totals.chunksSent - m.chunksWritten),
    },
    derived: {
      rssPerSessionKiB: Math.round((m.window.rssBytes - m.baseline.rssBytes) / sessions / 1024),
      livePerSessionKiB: Math.round((m.window.liveBytes - m.baseline.liveBytes) / sessions / 1024),
      cpuMsPerTurn: m.window.turns > 0 ? round(m.window.cpuMs / m.window.turns, 2) : NaN,
      turnsPerSecond: round(m.window.turns / (m.window.wallMs / 1000)),
    },
  };
}
