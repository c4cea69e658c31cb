import type { ProviderInfo } from '@parley/shared';
import type { Logger } from '../../log/logger.ts';
import {
  downKey,
  HEALTH_LOG_EVERY_MS,
  roundLogDue,
  type LoggedRound,
  type ProviderCheck,
} from './health-round.ts';
import type { ProviderSlot } from './provider-slot.ts';

interface Probeable {
  readonly info: ProviderInfo;
  probe?(signal: AbortSignal): Promise<void>;
}

/** A provider the monitor watches, and how to test it for real. */
export interface MonitoredSlot {
  slot: ProviderSlot<Probeable>;
  /** A real minimal call of the slot's stage (see `stage-trial.ts`), under `signal`. */
  trial: (signal: AbortSignal) => Promise<void>;
  /** The trial's deadline (ms): the stage's time to first output. */
  trialTimeoutMs: number;
}

export interface HealthMonitorOptions {
  /** Interval of the reachability probes (ms); 0 = no background calls at all. */
  intervalMs: number;
  /** Deadline of a reachability probe (ms). */
  timeoutMs: number;
  /** A round whose providers stayed up or down is logged once per this (ms). */
  logEveryMs?: number;
  now?: () => number;
}

/**
 * Watches the providers in the background, so that users meet as few broken ones as possible:
 * - a closed provider is probed every interval (`/models`): a failed probe counts as a failure
 *   (an outage is noticed before a user's turn meets it), a successful one only says it is
 *   reachable — it never clears the failures of real calls nor closes a breaker;
 * - a provider whose breaker opened is tested with a real minimal call of its stage (a trial)
 *   as soon as its cool-down ends; the trial's success closes the breaker, its failure re-opens
 *   it for a longer cool-down. Meanwhile user calls skip it ({@link ProviderSlot.admit}): no
 *   user's turn waits on a half-open provider.
 * With `intervalMs` 0 none of this runs, and the first user call after a cool-down is the probe.
 * Each round is logged at info as `[HEALTH-CHECK]` (every provider: how it was checked, up or
 * down, how long it took), rate-limited: when a provider went up or down, else once every
 * `logEveryMs`; the start says the interval and the providers watched.
 */
export class HealthMonitor {
  private timer: ReturnType<typeof setInterval> | undefined;
  private running: Promise<void> | null = null;
  private readonly trialTimers = new Map<MonitoredSlot, ReturnType<typeof setTimeout>>();
  private readonly trials = new Set<Promise<boolean | null>>();
  private stopped = new AbortController();
  private readonly now: () => number;
  private lastLogged: LoggedRound | null = null;

  constructor(
    private readonly watched: readonly MonitoredSlot[],
    private readonly options: HealthMonitorOptions,
    private readonly log: Logger,
  ) {
    this.now = options.now ?? Date.now;
  }

  start(): void {
    if (this.timer) return;
    const { intervalMs, timeoutMs } = this.options;
    const providers = this.watched.map((w) => ({ provider: w.slot.id, stage: w.slot.stage }));
    if (intervalMs <= 0) {
      this.log.info({ intervalMs, providers }, '[HEALTH-CHECK] off: providers are not probed');
      return;
    }
    this.log.info({ intervalMs, timeoutMs, providers }, '[HEALTH-CHECK] probing providers');
    this.stopped = new AbortController();
    for (const w of this.watched) {
      w.slot.backgroundTrials = true;
      w.slot.onOpen = () => this.scheduleTrial(w);
      if (w.slot.breaker.state !== 'closed') this.scheduleTrial(w);
    }
    this.timer = setInterval(() => void this.probeAll(), this.options.intervalMs);
    this.timer.unref();
  }

  /**
   * One round: reachability probes of the closed providers, trials of the half-open ones whose
   * trial is not already scheduled (also callable on demand, e.g. after an admin reset).
   */
  probeAll(): Promise<void> {
    this.running ??= Promise.allSettled(this.watched.map((w) => this.check(w))).then((settled) => {
      this.running = null;
      this.logRound(settled.flatMap((c) => (c.status === 'fulfilled' ? [c.value] : [])));
    });
    return this.running;
  }

  /** Logs a round's checks when due (see {@link roundLogDue}); none once stopped. */
  private logRound(checks: ProviderCheck[]): void {
    if (this.stopped.signal.aborted) return;
    const round = { atMs: this.now(), down: downKey(checks) };
    if (!roundLogDue(this.lastLogged, round, this.options.logEveryMs ?? HEALTH_LOG_EVERY_MS))
      return;
    this.lastLogged = round;
    const down = checks.filter((c) => !c.up).length;
    this.log.info(
      { providers: checks, up: checks.length - down, down },
      '[HEALTH-CHECK] provider health round',
    );
  }

  /** Stops every timer and aborts the trials in flight; resolves when they have ended. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    for (const t of this.trialTimers.values()) clearTimeout(t);
    this.trialTimers.clear();
    for (const w of this.watched) {
      w.slot.backgroundTrials = false;
      w.slot.onOpen = null;
    }
    this.stopped.abort(new Error('health monitor stopped'));
    await Promise.allSettled([...this.trials, this.running]);
  }

  /** Checks `w` as its state asks (never throws): what its round's line says of it. */
  private async check(w: MonitoredSlot): Promise<ProviderCheck> {
    const { slot } = w;
    const base = { provider: slot.id, stage: slot.stage };
    const state = slot.breaker.state;
    const started = performance.now();
    const took = () => Math.round(performance.now() - started);
    if (state === 'half-open' && !this.trialTimers.has(w)) {
      const worked = await this.runTrial(w);
      if (worked !== null) return { ...base, checked: 'trial', up: worked, ms: took() };
    }
    const { provider } = slot;
    if (slot.breaker.state !== 'closed' || !provider.probe)
      return { ...base, checked: 'none', up: slot.breaker.state === 'closed', ms: null };
    try {
      await provider.probe(
        AbortSignal.any([AbortSignal.timeout(this.options.timeoutMs), this.stopped.signal]),
      );
      slot.probed(true);
      return { ...base, checked: 'probe', up: true, ms: took() };
    } catch (err) {
      if (!this.stopped.signal.aborted) {
        slot.probed(false, err);
        this.log.warn(
          { provider: slot.id, err: err instanceof Error ? err.message : String(err) },
          'provider health probe failed',
        );
      }
      return { ...base, checked: 'probe', up: false, ms: took() };
    }
  }

  /** A trial when the open breaker's cool-down ends (re-armed each time it opens again). */
  private scheduleTrial(w: MonitoredSlot): void {
    if (this.stopped.signal.aborted) return;
    clearTimeout(this.trialTimers.get(w));
    const { retryAtMs } = w.slot.breaker.snapshot();
    const delayMs = Math.max(0, (retryAtMs ?? this.now()) - this.now());
    const timer = setTimeout(() => {
      this.trialTimers.delete(w);
      void this.runTrial(w);
    }, delayMs);
    timer.unref();
    this.trialTimers.set(w, timer);
  }

  /** Runs `w`'s trial: whether it worked, or null when none ran (see {@link trial}). */
  private runTrial(w: MonitoredSlot): Promise<boolean | null> {
    const run = this.trial(w);
    this.trials.add(run);
    void run.finally(() => this.trials.delete(run));
    return run;
  }

  private async trial(w: MonitoredSlot): Promise<boolean | null> {
    const { slot } = w;
    const state = slot.breaker.state;
    // Held by a Retry-After a little longer than the cool-down: the timer comes back then.
    if (state === 'open') {
      this.scheduleTrial(w);
      return null;
    }
    if (state === 'closed' || !slot.breaker.tryAcquire()) return null;
    const started = performance.now();
    try {
      await w.trial(AbortSignal.any([AbortSignal.timeout(w.trialTimeoutMs), this.stopped.signal]));
      slot.succeeded(performance.now() - started);
      this.log.info({ provider: slot.id }, 'provider recovered (a trial call worked)');
      return true;
    } catch (err) {
      if (this.stopped.signal.aborted) {
        slot.breaker.release();
        return null;
      }
      slot.failed(err);
      this.log.warn(
        { provider: slot.id, err: err instanceof Error ? err.message : String(err) },
        'provider trial failed: still down',
      );
      return false;
    }
  }
}
