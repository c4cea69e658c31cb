import type { ProviderInfo } from '@parley/shared';
import type { Logger } from '../../log/logger.ts';
import type { ProviderSlot } from './provider-slot.ts';

interface Probeable {
  readonly info: ProviderInfo;
  probe?(signal: AbortSignal): Promise<void>;
}

/**
 * Probes the configured providers in the background: a healthy one is checked every interval
 * (so an outage is noticed before a user's turn meets it), a failed one only when its breaker
 * allows the half-open probe — whose success brings it back into service.
 */
export class HealthMonitor {
  private timer: ReturnType<typeof setInterval> | undefined;
  private running: Promise<void> | null = null;

  constructor(
    private readonly slots: readonly ProviderSlot<Probeable>[],
    private readonly options: { intervalMs: number; timeoutMs: number },
    private readonly log: Logger,
  ) {}

  start(): void {
    if (this.options.intervalMs <= 0 || this.timer) return;
    this.timer = setInterval(() => void this.probeAll(), this.options.intervalMs);
    this.timer.unref();
  }

  /** One round of probes (also callable on demand, e.g. after an admin reset). */
  probeAll(): Promise<void> {
    this.running ??= Promise.allSettled(this.slots.map((s) => this.probe(s))).then(() => {
      this.running = null;
    });
    return this.running;
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private async probe(slot: ProviderSlot<Probeable>): Promise<void> {
    const { provider } = slot;
    if (!provider.probe) return;
    if (!slot.breaker.tryAcquire()) return;
    const started = performance.now();
    try {
      await provider.probe(AbortSignal.timeout(this.options.timeoutMs));
      const wasDown = slot.breaker.snapshot().state !== 'closed';
      slot.succeeded(performance.now() - started);
      if (wasDown) this.log.info({ provider: slot.id }, 'provider recovered');
    } catch (err) {
      slot.failed(err);
      this.log.warn(
        { provider: slot.id, err: err instanceof Error ? err.message : String(err) },
        'provider health probe failed',
      );
    }
  }
}
