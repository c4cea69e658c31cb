import type { ProviderInfo } from '@parley/shared';
import { CircuitBreaker, type BreakerOptions, type BreakerSnapshot } from './circuit-breaker.ts';

export type StageName = 'asr' | 'llm' | 'tts';

/** What `/api/status` shows of one provider. */
export interface ProviderStatus extends BreakerSnapshot {
  id: string;
  label: string;
  stage: StageName;
  /** Position in its stage's failover chain (0 = primary). */
  rank: number;
  calls: number;
  failures: number;
  /** Time to first chunk over recent successful calls (ms). */
  latencyMs: { p50: number; p95: number; samples: number } | null;
  lastError: { message: string; atMs: number } | null;
  lastSuccessAtMs: number | null;
}

const LATENCY_WINDOW = 100;

/** A provider in a failover chain, with its breaker and what it did lately. */
export class ProviderSlot<P extends { readonly info: ProviderInfo }> {
  readonly breaker: CircuitBreaker;
  private calls = 0;
  private failures = 0;
  private readonly latencies: number[] = [];
  private lastError: ProviderStatus['lastError'] = null;
  private lastSuccessAtMs: number | null = null;

  constructor(
    readonly stage: StageName,
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

  /** A call (or health probe) worked; `latencyMs` to its first chunk when measured. */
  succeeded(latencyMs?: number): void {
    this.calls++;
    this.breaker.success();
    this.lastSuccessAtMs = this.now();
    if (latencyMs !== undefined) {
      this.latencies.push(latencyMs);
      if (this.latencies.length > LATENCY_WINDOW) this.latencies.shift();
    }
  }

  failed(err: unknown): void {
    this.calls++;
    this.failures++;
    this.breaker.failure();
    this.lastError = {
      message: err instanceof Error ? err.message : String(err),
      atMs: this.now(),
    };
  }

  status(): ProviderStatus {
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
    };
  }
}
