import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import { Counter, type Registry } from 'prom-client';
import type { OpsStalls } from '@parley/shared';
import type { Logger } from '../log/logger.ts';
import { stallOf, stallsWithin, summarizeStalls, type Stall } from './stall-policy.ts';

export interface StallWatchdogOptions {
  /** Event-loop delay reported as a stall (ms); null = not watched. */
  thresholdMs: number | null;
  /** Where `parley_event_loop_stalls_total` is registered. */
  registry: Registry;
  log: Logger;
  /** Epoch ms. */
  now?: () => number;
  /** How often the delays measured are read (ms); a window holds at most one stall. Default 1 s. */
  checkEveryMs?: number;
  /** The sampling timer of `monitorEventLoopDelay` (ms). Default 20. */
  resolutionMs?: number;
  /** How far back the ops overview counts stalls (ms). Default 5 minutes. */
  windowMs?: number;
}

/**
 * Watches the event loop with `monitorEventLoopDelay`: every `checkEveryMs`, the longest delay
 * of a callback since the last check; one at or above `thresholdMs` is a stall, logged at
 * `warn` with its duration and counted in `parley_event_loop_stalls_total`. A stall shows when
 * the loop is free again: what blocked it has run by then.
 */
export class StallWatchdog {
  private histogram: IntervalHistogram | null = null;
  private timer: NodeJS.Timeout | null = null;
  private stalls: Stall[] = [];
  private checks = 0;
  private readonly counter: Counter;
  private readonly now: () => number;
  private readonly windowMs: number;

  constructor(private readonly o: StallWatchdogOptions) {
    this.now = o.now ?? Date.now;
    this.windowMs = o.windowMs ?? 300_000;
    this.counter = new Counter({
      name: 'parley_event_loop_stalls_total',
      help: 'Times the event loop ran callbacks later than EVENT_LOOP_STALL_MS.',
      registers: [o.registry],
    });
  }

  start(): void {
    if (this.o.thresholdMs === null || this.histogram) return;
    this.histogram = monitorEventLoopDelay({ resolution: this.o.resolutionMs ?? 20 });
    this.histogram.enable();
    this.timer = setInterval(() => this.check(), this.o.checkEveryMs ?? 1000);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.histogram?.disable();
    this.histogram = null;
    this.checks = 0;
  }

  /**
   * Whether delays are being measured: a check ran since `start`, so the monitor's timer (more
   * frequent) has run too. A stall before its first run, right after `start`, goes unseen.
   */
  get measuring(): boolean {
    return this.checks > 0;
  }

  /** Reads the delays measured since the last check. */
  check(): void {
    const { histogram } = this;
    if (!histogram || this.o.thresholdMs === null) return;
    this.checks++;
    const maxDelayMs = histogram.count === 0 ? 0 : histogram.max / 1e6;
    histogram.reset();
    const stall = stallOf(maxDelayMs, this.o.thresholdMs);
    if (stall === null) return;
    const nowMs = this.now();
    this.stalls = [
      ...stallsWithin(this.stalls, nowMs, this.windowMs),
      { atMs: nowMs, durationMs: stall },
    ];
    this.counter.inc();
    this.o.log.warn(
      { stallMs: Math.round(stall), thresholdMs: this.o.thresholdMs },
      'event loop stalled',
    );
  }

  /** The stalls of the last minutes, for the ops overview. */
  status(): OpsStalls {
    return summarizeStalls(this.stalls, this.now(), {
      windowMs: this.windowMs,
      thresholdMs: this.o.thresholdMs,
    });
  }
}
