import type { FakeLatencies } from '../../relay/test/fakes/providers/provider-set.ts';

/** How the bench asks for a relay process (argv[2] of relay-main.ts, as JSON). */
export interface RelaySpec {
  latencies: FakeLatencies;
  /** A chunk handed to the recogniser later than this after its send is late (ms). */
  lateMs: number;
  /**
   * Profile the relay's event loop over each measurement window (V8's CPU profiler, as
   * `node --cpu-prof` uses, but started and stopped with the window) into this file.
   */
  cpuProfilePath?: string;
  /**
   * Idle this long before reading the baseline memory (ms; default 0). V8 hands start-up memory
   * back to the system only ~8 s after the last activity (its memory reducer): a baseline read
   * before then is ~40 MB too high in the capacity bench, by an amount that varies by ±20 MB
   * between runs (±200 KiB of "RSS per session" at 100 sessions).
   */
  settleMs?: number;
}

/** The relay's memory when idle, before any client. */
export interface MemoryBaseline {
  rssBytes: number;
  heapUsedBytes: number;
  liveBytes: number;
}

/** Figures of the relay process over one measurement window. */
export interface RelayWindow {
  wallMs: number;
  /** User + system CPU of the relay process (ms). */
  cpuMs: number;
  /** The part of `cpuMs` spent in the kernel (socket reads and writes, fsync, epoll). */
  cpuSystemMs: number;
  /** `cpuMs / wallMs`, in % of one core. */
  cpuPercent: number;
  /** Event-loop utilisation (0–1): the share of time the loop was not idle. */
  eventLoopUtilization: number;
  eventLoopDelayMs: { p50: number; p99: number; max: number };
  /** Times the kernel took the CPU from the relay (other processes wanted it). */
  involuntaryContextSwitches: number;
  rssBytes: number;
  heapUsedBytes: number;
  /**
   * What the relay holds (JS heap in use + external memory: buffers) after two full GCs at the
   * window's end, its figures taken: no garbage, none of V8's headroom (see `liveBytes` in relay-main.ts).
   */
  liveBytes: number;
  /** Live sessions at the end of the window. */
  sessions: number;
  /** Microphone chunks: the client's send → the recogniser's `write` (ms). */
  chunks: { count: number; p50Ms: number; p99Ms: number; maxMs: number; late: number };
  /** Turns answered (LLM requests) in the window. */
  turns: number;
  /** Garbage collections in the window: how many, their total and longest pause (ms). */
  gc: { count: number; totalMs: number; maxMs: number };
}

/** Counters since the relay started. */
export interface RelayTotals {
  chunksWritten: number;
  utterances: number;
  turns: number;
}

export type ToRelay = { type: 'window.start' } | { type: 'window.end' } | { type: 'totals' };

export type FromRelay =
  | {
      type: 'ready';
      port: number;
      /** Idle relay, after a full GC. */
      baseline: MemoryBaseline;
    }
  | { type: 'window'; window: RelayWindow }
  | { type: 'totals'; totals: RelayTotals };
