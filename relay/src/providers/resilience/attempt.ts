import { abortable } from '../../abortable.ts';
import { asProviderError, ProviderError } from '../net/provider-error.ts';

/** Deadlines of one provider call (ms); a missing one is not enforced. */
export interface AttemptLimits {
  /** Request → first chunk (first token, first audio, final transcript). */
  firstMs: number;
  /** Longest silence between two chunks once the stream has started. */
  stallMs?: number;
  /** Request → end of the stream. */
  totalMs?: number;
}

/**
 * One call to one provider under deadlines. Its `signal` aborts when the caller's signal does
 * or when a deadline passes; the adapter then closes its upstream request, and {@link error}
 * tells the two apart (a timeout is the provider's fault, a cancel is not).
 */
export class Attempt {
  private readonly controller = new AbortController();
  private readonly onParentAbort: () => void;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private totalTimer: ReturnType<typeof setTimeout> | undefined;
  private started = false;
  private timeout: ProviderError | null = null;

  constructor(
    private readonly parent: AbortSignal,
    private readonly providerId: string,
    private readonly limits: AttemptLimits,
  ) {
    this.onParentAbort = () => this.controller.abort(parent.reason);
    if (parent.aborted) this.onParentAbort();
    else parent.addEventListener('abort', this.onParentAbort, { once: true });
    this.arm(limits.firstMs, `no answer within ${limits.firstMs} ms`);
    if (limits.totalMs !== undefined) {
      const ms = limits.totalMs;
      this.totalTimer = setTimeout(() => this.expire(`not finished within ${ms} ms`), ms);
    }
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /**
   * Settles as `work` does, or rejects as soon as the caller cancels (with its reason) or a
   * deadline passes (with the timeout). The work itself is not stopped: stop it on rejection.
   */
  race<T>(work: Promise<T>): Promise<T> {
    return abortable(work, this.controller.signal);
  }

  /** A chunk arrived: the first-chunk deadline is met; the stall deadline restarts. */
  progress(): void {
    const first = !this.started;
    this.started = true;
    const { stallMs } = this.limits;
    if (stallMs === undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
    } else if (!first && this.timer !== undefined) {
      // After the first chunk the timer is the stall deadline: restarted in place.
      this.timer.refresh();
    } else {
      this.arm(stallMs, `stream stalled for ${stallMs} ms`);
    }
  }

  /** True when the caller cancelled (not a provider failure). */
  get cancelled(): boolean {
    return this.parent.aborted;
  }

  /**
   * What a failure of this attempt means: the caller's abort reason when it cancelled, the
   * timeout when a deadline passed, else the provider error.
   */
  error(err: unknown): unknown {
    if (this.parent.aborted) return this.parent.reason ?? err;
    if (this.timeout) return this.timeout;
    return asProviderError(this.providerId, err);
  }

  /** Stops the timers and unlinks from the caller's signal. Call when the attempt ends. */
  dispose(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    clearTimeout(this.totalTimer);
    this.parent.removeEventListener('abort', this.onParentAbort);
  }

  private arm(ms: number, why: string): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.expire(why), ms);
  }

  private expire(why: string): void {
    if (this.timeout || this.parent.aborted) return;
    const timeout = new ProviderError(this.providerId, 'timeout', why);
    this.timeout = timeout;
    this.dispose();
    this.controller.abort(timeout);
  }
}
