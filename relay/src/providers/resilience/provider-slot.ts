import type {
  ProviderFailure,
  ProviderFailureDetail,
  ProviderInfo,
  ProviderOpsStatus,
  Stage,
} from '@parley/shared';
import { ProviderError } from '../net/provider-error.ts';
import { scrubSecrets } from '../../secrets/secret-scrub.ts';
import { CircuitBreaker, type BreakerOptions } from '../../breaker/circuit-breaker.ts';

const LATENCY_WINDOW = 100;

/** A provider in a failover chain, with its breaker and what it did lately. */
export class ProviderSlot<P extends { readonly info: ProviderInfo }> {
  readonly breaker: CircuitBreaker;
  /**
   * When true, a half-open provider is tested by the background monitor alone: user calls skip
   * it until a trial closed its breaker (set by the monitor when it runs).
   */
  backgroundTrials = false;
  /** Told whenever the breaker is left open (failure, trip or hold), e.g. to schedule a trial. */
  onOpen: (() => void) | null = null;
  private calls = 0;
  private failures = 0;
  private readonly latencies: number[] = [];
  private lastError: ProviderFailureDetail | null = null;
  private lastSuccessAtMs: number | null = null;
  private lastProbe: ProviderOpsStatus['lastProbe'] = null;

  constructor(
    readonly stage: Stage,
    readonly rank: number,
    readonly provider: P,
    breaker: BreakerOptions,
    private readonly now: () => number = Date.now,
  ) {
    this.breaker = new CircuitBreaker(breaker);
  }

  get id(): string {
    return this.provider.info.id;
  }

  /** Its last failure's kind and HTTP status (what anyone may be told); null: none yet. */
  get lastFailure(): Pick<ProviderFailure, 'kind' | 'status'> | null {
    return this.lastError && { kind: this.lastError.kind, status: this.lastError.status };
  }

  /**
   * Asks to make a user's call: the breaker's answer, except that a half-open provider is left
   * to the background trial when there is one (no user waits on a provider that may be down).
   */
  admit(): boolean {
    if (this.backgroundTrials && this.breaker.state === 'half-open') return false;
    return this.breaker.tryAcquire();
  }

  /** A real call (or a trial of one) worked; `latencyMs` to its first chunk when measured. */
  succeeded(latencyMs?: number): void {
    this.calls++;
    this.breaker.success();
    this.lastSuccessAtMs = this.now();
    if (latencyMs !== undefined) {
      this.latencies.push(latencyMs);
      if (this.latencies.length > LATENCY_WINDOW) this.latencies.shift();
    }
  }

  /**
   * A call failed. A 429 with `Retry-After` is the provider asking for a pause: it is not
   * called again before then, and it is not counted as broken. Any other `Retry-After` (a 503's)
   * is honoured as well, on top of the failure.
   */
  failed(err: unknown): void {
    this.calls++;
    this.failures++;
    this.lastError = { ...failureOf(err), atMs: this.now() };
    const retryAfterMs = err instanceof ProviderError ? err.retryAfterMs : undefined;
    if (retryAfterMs !== undefined) this.breaker.holdUntil(this.now() + retryAfterMs);
    if (retryAfterMs === undefined || !(err instanceof ProviderError) || err.status !== 429)
      this.breaker.failure();
    this.notifyIfOpen();
  }

  /**
   * Every provider of the stage failed: this one is known to be down (see CircuitBreaker.trip).
   * Returns whether its breaker was closed until now.
   */
  trip(): boolean {
    const opened = this.breaker.trip();
    this.notifyIfOpen();
    return opened;
  }

  /** A reachability probe's outcome; only `ok: false` counts, as a failure. */
  probed(ok: true): void;
  probed(ok: false, err: unknown): void;
  probed(ok: boolean, err?: unknown): void {
    this.lastProbe = { ok, atMs: this.now() };
    if (!ok) this.failed(err);
  }

  /**
   * What operators see of this provider (`/api/admin/overview`); `/api/status` shows users this
   * without the last failure's words (`providerStatusForUsers`).
   */
  status(): ProviderOpsStatus {
    const sorted = [...this.latencies].sort((a, b) => a - b);
    const at = (q: number) =>
      sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
    return {
      id: this.id,
      label: this.provider.info.label,
      stage: this.stage,
      rank: this.rank,
      ...this.breaker.snapshot(),
      calls: this.calls,
      failures: this.failures,
      latencyMs:
        sorted.length === 0
          ? null
          : { p50: Math.round(at(0.5)), p95: Math.round(at(0.95)), samples: sorted.length },
      lastError: this.lastError,
      lastSuccessAtMs: this.lastSuccessAtMs,
      lastProbe: this.lastProbe,
    };
  }

  private notifyIfOpen(): void {
    if (this.breaker.state !== 'closed') this.onOpen?.();
  }
}

/**
 * A failure as the status shows it: a provider error's kind, status and (already scrubbed)
 * message; anything else (an abort, the relay's own error) scrubbed as well, in case it quotes
 * what it was given.
 */
function failureOf(err: unknown): Omit<ProviderFailureDetail, 'atMs'> {
  if (err instanceof ProviderError)
    return { kind: err.kind, status: err.status ?? null, message: err.message };
  const message = scrubSecrets(err instanceof Error ? err.message : String(err));
  const timedOut =
    err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError');
  return { kind: timedOut ? 'timeout' : 'other', status: null, message };
}
