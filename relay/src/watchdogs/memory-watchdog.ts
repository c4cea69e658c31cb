import { Gauge, type Registry } from 'prom-client';
import type { OpsMemory } from '@parley/shared';
import type { Logger } from '../log/logger.ts';
import type { MemoryLimit } from './memory-limit.ts';
import { initialMemoryState, memoryStep, type MemoryWatchState } from './memory-policy.ts';

/** The process's memory at one moment (bytes). */
export interface MemorySample {
  rssBytes: number;
  heapUsedBytes: number;
  heapTotalBytes: number;
  externalBytes: number;
}

/** This process's memory now. */
export function processMemory(): MemorySample {
  const m = process.memoryUsage();
  return {
    rssBytes: m.rss,
    heapUsedBytes: m.heapUsed,
    heapTotalBytes: m.heapTotal,
    externalBytes: m.external,
  };
}

export interface MemoryWatchdogOptions {
  limit: MemoryLimit;
  /** RSS above this share of the limit is high (%). */
  warnPercent: number;
  /** Where `parley_memory_limit_bytes` and `parley_memory_high` are registered. */
  registry: Registry;
  log: Logger;
  /** Default: this process's memory. */
  sample?: () => MemorySample;
  /** Epoch ms. */
  now?: () => number;
  /** Default 5 s. */
  checkEveryMs?: number;
  /** Default 5 minutes. */
  reportEveryMs?: number;
}

const MB = 1024 * 1024;
const mb = (bytes: number) => Math.round(bytes / MB);

/**
 * Watches the process's resident set against the memory it may use (see `readMemoryLimit`):
 * one `warn` line when it goes above `warnPercent` of it, one `info` line when it is back, the
 * figures at `info` every 5 minutes; `parley_memory_high` is 1 while it is high. The decisions
 * are {@link memoryStep}'s; this owns the timer.
 */
export class MemoryWatchdog {
  private state: MemoryWatchState;
  private last: MemorySample;
  private timer: NodeJS.Timeout | null = null;
  private readonly high: Gauge;
  private readonly sample: () => MemorySample;
  private readonly now: () => number;

  constructor(private readonly o: MemoryWatchdogOptions) {
    this.sample = o.sample ?? processMemory;
    this.now = o.now ?? Date.now;
    this.state = initialMemoryState(this.now());
    this.last = this.sample();
    const registers = [o.registry];
    new Gauge({
      name: 'parley_memory_limit_bytes',
      help: 'Memory the relay process may use: its cgroup limit, else the host memory (bytes).',
      registers,
    }).set(o.limit.bytes);
    this.high = new Gauge({
      name: 'parley_memory_high',
      help: 'Whether resident memory is above MEMORY_WARN_PERCENT of the limit (1) or not (0).',
      registers,
    });
    this.high.set(0);
  }

  /** Checks now, then every `checkEveryMs`. */
  start(): void {
    this.check();
    this.timer = setInterval(() => this.check(), this.o.checkEveryMs ?? 5000);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** One check: the memory now against the limit. */
  check(): void {
    const { limit, warnPercent, log } = this.o;
    const sample = this.sample();
    this.last = sample;
    const step = memoryStep(
      this.state,
      { rssBytes: sample.rssBytes, nowMs: this.now() },
      { limitBytes: limit.bytes, warnPercent, reportEveryMs: this.o.reportEveryMs ?? 300_000 },
    );
    this.state = step.state;
    this.high.set(step.state.high ? 1 : 0);
    const figures = {
      rssMb: mb(sample.rssBytes),
      heapUsedMb: mb(sample.heapUsedBytes),
      heapTotalMb: mb(sample.heapTotalBytes),
      externalMb: mb(sample.externalBytes),
      limitMb: mb(limit.bytes),
      limitSource: limit.source,
      rssPercent: Math.round((sample.rssBytes / limit.bytes) * 1000) / 10,
    };
    if (step.crossed === 'high')
      log.warn({ ...figures, warnPercent }, 'memory high: resident set above the warning share');
    else if (step.crossed === 'recovered') log.info({ ...figures, warnPercent }, 'memory back');
    if (step.report) log.info(figures, 'memory');
  }

  /** What the ops overview shows (as of the last check). */
  status(): OpsMemory {
    const s = this.last;
    return {
      high: this.state.high,
      highSinceMs: this.state.highSinceMs,
      rssBytes: s.rssBytes,
      heapUsedBytes: s.heapUsedBytes,
      heapTotalBytes: s.heapTotalBytes,
      externalBytes: s.externalBytes,
      limitBytes: this.o.limit.bytes,
      limitSource: this.o.limit.source,
      warnPercent: this.o.warnPercent,
    };
  }
}
