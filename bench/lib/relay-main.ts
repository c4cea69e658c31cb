/**
 * A relay process for the benchmarks: the real relay (`startRelay`, settings from the
 * environment) with the fake providers, plus what the bench measures inside it — CPU,
 * event-loop delay, memory, and each microphone chunk's time from the client's send to the
 * recogniser — reported to the parent over the IPC channel. Started by {@link RelayProcess}.
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import {
  createHistogram,
  monitorEventLoopDelay,
  performance,
  PerformanceObserver,
} from 'node:perf_hooks';
import { startRelay } from '../../relay/src/server/start.ts';
import { fakeProviderSet } from '../../relay/test/fakes/providers/provider-set.ts';
import { monotonicMs, readStamp } from './chunk-stamp.ts';
import type { FromRelay, RelaySpec, RelayWindow, ToRelay } from './relay-ipc.ts';

const spec = JSON.parse(process.argv[2] ?? '{}') as RelaySpec;
const send = (m: FromRelay) => process.send?.(m);

/** JS heap in use plus external memory, after two full GCs (the relay runs with `--expose-gc`). */
function liveBytes(): number {
  globalThis.gc?.();
  globalThis.gc?.();
  const { heapUsed, external } = process.memoryUsage();
  return heapUsed + external;
}

let chunkUs = createHistogram();
let late = 0;
let chunksWritten = 0;
// Diagnostics: BENCH_CHUNK_TRACE=<file> writes, for the window, every chunk slower than 3 ms
// ([sent, written]) and every GC pause ([start, duration, kind]), in ms of the monotonic clock
// (`perf record -k 1` uses it too), to tell what the tail of the chunk latency waited for.
const chunkTracePath = process.env.BENCH_CHUNK_TRACE;
/** The monotonic clock at `performance.now()` 0. */
const monotonicOrigin = monotonicMs() - performance.now();
let trace = { slow: [] as [number, number][], gcs: [] as [number, number, number][] };
const providers = fakeProviderSet(
  spec.latencies,
  (samples) => {
    chunksWritten++;
    const sentAt = readStamp(samples);
    if (Number.isNaN(sentAt)) return;
    const at = monotonicMs();
    const ms = at - sentAt;
    if (ms > spec.lateMs) late++;
    if (chunkTracePath && ms > 3) trace.slow.push([sentAt, at]);
    chunkUs.record(Math.max(1, Math.round(ms * 1000)));
  },
  undefined,
  // The fakes keep nothing of the thousands of turns, so live memory per session is the relay's.
  false,
);
const relay = await startRelay(process.env, providers.set);

const ELD_RESOLUTION_MS = 10;
const eld = monitorEventLoopDelay({ resolution: ELD_RESOLUTION_MS });
eld.enable();
// Every garbage collection's pause (the main thread is stopped for `duration`).
let gcStats = { count: 0, totalMs: 0, maxMs: 0 };
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) {
    if (chunkTracePath)
      trace.gcs.push([
        monotonicOrigin + e.startTime,
        e.duration,
        (e as { detail?: { kind?: number } }).detail?.kind ?? 0,
      ]);
    gcStats.count++;
    gcStats.totalMs += e.duration;
    gcStats.maxMs = Math.max(gcStats.maxMs, e.duration);
  }
}).observe({ entryTypes: ['gc'] });

const startWindow = () => ({
  at: performance.now(),
  cpu: process.cpuUsage(),
  elu: performance.eventLoopUtilization(),
  turns: providers.llm.requests,
  preempted: process.resourceUsage().involuntaryContextSwitches,
});
let window = startWindow();

const nsToMs = (ns: number) => Math.round(ns / 1e4) / 100;
/** The histogram holds the time between its timer's runs: the delay is what exceeds the period. */
const delayMs = (ns: number) => Math.max(0, nsToMs(ns - ELD_RESOLUTION_MS * 1e6));
const usToMs = (us: number) => Math.round(us / 10) / 100;

function endWindow(): RelayWindow {
  const wallMs = performance.now() - window.at;
  const cpu = process.cpuUsage(window.cpu);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  const mem = process.memoryUsage();
  const figures = {
    wallMs: Math.round(wallMs),
    cpuMs: Math.round(cpuMs),
    cpuSystemMs: Math.round(cpu.system / 1000),
    cpuPercent: Math.round((1000 * cpuMs) / wallMs) / 10,
    eventLoopUtilization:
      Math.round(performance.eventLoopUtilization(window.elu).utilization * 1000) / 1000,
    eventLoopDelayMs: {
      p50: delayMs(eld.percentile(50)),
      p99: delayMs(eld.percentile(99)),
      max: delayMs(eld.max),
    },
    involuntaryContextSwitches:
      process.resourceUsage().involuntaryContextSwitches - window.preempted,
    rssBytes: mem.rss,
    heapUsedBytes: mem.heapUsed,
    sessions: relay.registry.size,
    chunks: {
      count: chunkUs.count,
      p50Ms: usToMs(chunkUs.percentile(50)),
      p99Ms: usToMs(chunkUs.percentile(99)),
      maxMs: usToMs(chunkUs.max),
      late,
    },
    turns: providers.llm.requests - window.turns,
    gc: {
      count: gcStats.count,
      totalMs: Math.round(gcStats.totalMs),
      maxMs: Math.round(gcStats.maxMs * 10) / 10,
    },
  };
  // Last: the collections must not count in the window's CPU, pauses or latencies.
  return { ...figures, liveBytes: liveBytes() };
}

const profiler = spec.cpuProfilePath ? new Session() : null;
// Diagnostics: BENCH_HEAP_PROFILE=<file> writes a sampling heap profile of the window, every
// allocation included (also those already collected): where the GC's work comes from.
const heapProfilePath = process.env.BENCH_HEAP_PROFILE;
const heapProfiler = heapProfilePath ? new Session() : null;
heapProfiler?.connect();
profiler?.connect();

process.on('message', (m: ToRelay) => {
  switch (m.type) {
    case 'window.start':
      if (profiler)
        void profiler.post('Profiler.enable').then(() => profiler.post('Profiler.start'));
      if (heapProfiler)
        void heapProfiler.post('HeapProfiler.startSampling', {
          samplingInterval: 4096,
          includeObjectsCollectedByMajorGC: true,
          // BENCH_HEAP_SURVIVORS=1: leave out what died young, keep what a scavenge had to copy
          // (the scavenges' work, their pause).
          includeObjectsCollectedByMinorGC: process.env.BENCH_HEAP_SURVIVORS !== '1',
        } as never);
      eld.reset();
      chunkUs = createHistogram();
      late = 0;
      gcStats = { count: 0, totalMs: 0, maxMs: 0 };
      trace = { slow: [], gcs: [] };
      window = startWindow();
      return;
    case 'window.end': {
      const window = endWindow();
      if (chunkTracePath) writeFileSync(chunkTracePath, JSON.stringify(trace));
      if (heapProfiler && heapProfilePath)
        void heapProfiler.post('HeapProfiler.stopSampling').then(({ profile }) => {
          writeFileSync(heapProfilePath, JSON.stringify(profile));
        });
      if (!profiler || !spec.cpuProfilePath) {
        send({ type: 'window', window });
        return;
      }
      const path = spec.cpuProfilePath;
      void profiler.post('Profiler.stop').then(({ profile }) => {
        writeFileSync(path, JSON.stringify(profile));
        send({ type: 'window', window });
      });
      return;
    }
    case 'totals':
      send({
        type: 'totals',
        totals: {
          chunksWritten,
          utterances: providers.asr.utterances,
          turns: providers.llm.requests,
        },
      });
      return;
  }
});
// The parent going away ends the relay (and writes a --cpu-prof profile, if asked for).
process.on('disconnect', () => process.exit(0));

if (spec.settleMs) await new Promise((resolve) => setTimeout(resolve, spec.settleMs));
const live = liveBytes();
const mem = process.memoryUsage();
send({
  type: 'ready',
  port: relay.port,
  baseline: { rssBytes: mem.rss, heapUsedBytes: mem.heapUsed, liveBytes: live },
});
