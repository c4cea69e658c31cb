import { Counter, type Registry } from 'prom-client';
import type { OpsStalls } from '@parley/shared';
import type { Logger } from '../log/logger.ts';
import { lateness, stallOf, stallsWithin, summarizeStalls, type Stall } from './stall-policy.ts';

export interface StallWatchdogOptions {
  /** Event-loop delay reported as a stall (ms); null = not watched. */
  thresholdMs: number | null;
  /** Where `parley_event_loop_stalls_total` is registered. */
  registry: Registry;
  log: Logger;
  /** Epoch ms (when a stall was seen). */
  now?: () => number;
  /** Monotonic ms (how late the timer ran). */
  monotonicNow?: () => number;
  /** The timer's period (ms). Default: a quarter of the threshold, from 10 to 100 ms. */
  tickMs?: number;
  /** How far back the ops overview counts stalls (ms). Default 5 minutes. */
  windowMs?: number;
}

/**
 * Watches the event loop with a timer that should run every `tickMs`: when it runs
 * `thresholdMs` or more late, the loop was held that long (at least) — a stall, logged at
 * `warn` with its length and counted in `parley_event_loop_stalls_total`. A stall shows once
 * the loop is free again. Not `monitorEventLoopDelay`: reading its maximum per window means
 * resetting it, and a reset drops the delay under way, so a stall that begins just after a
 * reset goes unseen.
 */
export class StallWatchdog {
  private timer: NodeJS.Timeout | null = null;
  private stalls: Stall[] = [];
  private lastTickAt = 0;
  private ticks = 0;
  private readonly counter: Counter;
  private readonly now: () => number;
  private readonly monotonicNow: () => number;
  private readonly windowMs: number;
  private readonly tickMs: number;

  constructor(private readonly o: StallWatchdogOptions) {
    this.now = o.now ?? Date.now;
    this.monotonicNow = o.monotonicNow ?? (() => performance.now());
    this.windowMs = o.windowMs ?? 300_000;
    this.tickMs = o.tickMs ?? Math.min(100, Math.max(10, (o.thresholdMs ?? 0) / 4));
    this.counter = new Counter({
      name: 'parley_event_loop_stalls_total',
      help: 'Times the event loop ran a callback EVENT_LOOP_STALL_MS or more late.',
      registers: [o.registry],
    });
  }

  start(): void {
    if (this.o.thresholdMs === null || this.timer) return;
    this.lastTickAt = this.monotonicNow();
    this.timer = setInterval(() => this.tick(), this.tickMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.ticks = 0;
  }

  /** Whether the timer has run since `start`: a stall from now on is measured. */
  get measuring(): boolean {
    return this.ticks > 0;
  }

  private tick(): void {
    const at = this.monotonicNow();
    const late = lateness(this.lastTickAt, at, this.tickMs);
    this.lastTickAt = at;
    this.ticks++;
    const stall = this.o.thresholdMs === null ? null : stallOf(late, this.o.thresholdMs);
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
