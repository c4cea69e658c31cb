import type { BreakerState, ProviderStatus } from '@parley/shared';

export interface BreakerOptions {
  /** Consecutive failures that open the breaker. Default 3. */
  failureThreshold?: number;
  /** First cool-down before a probe (ms). Default 10,000. */
  cooldownMs?: number;
  /** Longest cool-down after repeated failed probes (ms). Default 120,000. */
  maxCooldownMs?: number;
  now: () => number;
}

/** The breaker's part of what `/api/status` shows of a provider. */
export type BreakerSnapshot = Pick<
  ProviderStatus,
  'state' | 'health' | 'consecutiveFailures' | 'retryAtMs'
>;

/**
 * A circuit breaker for one provider. Consecutive failures open it: calls skip the provider
 * (failover moves on at once instead of waiting for a timeout). After a cool-down one probe is
 * let through (half-open); its success closes the breaker, its failure re-opens it with a longer
 * cool-down (doubling, capped). Two more ways to be skipped: {@link CircuitBreaker.trip} (every
 * provider of the stage is down: open now, whatever the count) and
 * {@link CircuitBreaker.holdUntil} (the provider asked us to come back later: `Retry-After`).
 * Pure: time comes from `now`.
 */
export class CircuitBreaker {
  private readonly threshold: number;
  private readonly baseCooldownMs: number;
  private readonly maxCooldownMs: number;
  private readonly now: () => number;
  private failures = 0;
  private openedAt: number | null = null;
  private cooldownMs: number;
  private probeInFlight = false;
  /** Refused until then (epoch ms): the provider's own `Retry-After`. */
  private heldUntilMs = 0;

  constructor(options: BreakerOptions) {
    this.threshold = Math.max(1, options.failureThreshold ?? 3);
    this.baseCooldownMs = options.cooldownMs ?? 10_000;
    this.maxCooldownMs = Math.max(this.baseCooldownMs, options.maxCooldownMs ?? 120_000);
    this.cooldownMs = this.baseCooldownMs;
    this.now = options.now;
  }

  get state(): BreakerState {
    if (this.now() < this.heldUntilMs) return 'open';
    if (this.openedAt === null) return 'closed';
    return this.now() - this.openedAt >= this.cooldownMs ? 'half-open' : 'open';
  }

  /**
   * Asks to make a call. Closed: yes. Open: no. Half-open: yes for exactly one caller (the
   * probe) until it reports back with {@link success}, {@link failure} or {@link release}.
   */
  tryAcquire(): boolean {
    const state = this.state;
    if (state === 'closed') return true;
    if (state === 'open' || this.probeInFlight) return false;
    this.probeInFlight = true;
    return true;
  }

  success(): void {
    this.failures = 0;
    this.openedAt = null;
    this.cooldownMs = this.baseCooldownMs;
    this.probeInFlight = false;
  }

  failure(): void {
    this.failures++;
    if (this.openedAt !== null) {
      // A failed probe: stay open, wait longer before the next one.
      if (this.state === 'half-open') {
        this.cooldownMs = Math.min(this.maxCooldownMs, this.cooldownMs * 2);
      }
      this.openedAt = this.now();
    } else if (this.failures >= this.threshold) {
      this.openedAt = this.now();
    }
    this.probeInFlight = false;
  }

  /** The call ended without telling anything about the provider (e.g. the user cancelled). */
  release(): void {
    this.probeInFlight = false;
  }

  /**
   * Opens now, whatever the failure count: every provider of the stage failed the same call, so
   * each is known to be down (the next calls degrade at once instead of waiting for each
   * timeout again). An open breaker stays as it is. Returns whether it opened it.
   */
  trip(): boolean {
    this.probeInFlight = false;
    if (this.openedAt !== null) return false;
    this.openedAt = this.now();
    return true;
  }

  /**
   * Refuses calls until `untilMs` (epoch ms), then is as before: the provider answered 429 with
   * `Retry-After` — it is up, but asked not to be called before then. Not a failure.
   */
  holdUntil(untilMs: number): void {
    this.heldUntilMs = Math.max(this.heldUntilMs, untilMs);
    this.probeInFlight = false;
  }

  /** Back to closed, as if new (the admin reset). */
  reset(): void {
    this.heldUntilMs = 0;
    this.success();
  }

  snapshot(): BreakerSnapshot {
    const state = this.state;
    return {
      state,
      health:
        state === 'closed'
          ? this.failures === 0
            ? 'HEALTHY'
            : 'DEGRADED'
          : state === 'open'
            ? 'FAILED'
            : 'DEGRADED',
      consecutiveFailures: this.failures,
      retryAtMs: state === 'open' ? this.retryAt() : null,
    };
  }

  /** When an open breaker next lets a call through (epoch ms). */
  private retryAt(): number {
    const cooled = this.openedAt === null ? 0 : this.openedAt + this.cooldownMs;
    return Math.max(cooled, this.heldUntilMs);
  }
}
