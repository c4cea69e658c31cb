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
 * tells the two apart (a timeout is the provider's fault, a cancel is not). The signal is made
 * when first asked for: a call that only waits for a promise uses {@link race} and needs none
 * (an `AbortSignal` is an event target that outlives a young-generation GC, one per turn less).
 */
export class Attempt {
  private controller: AbortController | null = null;
  private readonly parent: AbortSignal;
  /** Rejects the promise being raced, if any, when a deadline passes. */
  private onExpire: ((timeout: ProviderError) => void) | null = null;
  private readonly onParentAbort: () => void;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private totalTimer: ReturnType<typeof setTimeout> | undefined;
  private started = false;
  private timeout: ProviderError | null = null;

  constructor(
    parent: AbortSignal,
    private readonly providerId: string,
    private readonly limits: AttemptLimits,
  ) {
    this.parent = parent;
    this.onParentAbort = () => this.controller?.abort(parent.reason);
    this.arm(limits.firstMs, `no answer within ${limits.firstMs} ms`);
    if (limits.totalMs !== undefined) {
      const ms = limits.totalMs;
      this.totalTimer = setTimeout(() => this.expire(`not finished within ${ms} ms`), ms);
    }
  }

  get signal(): AbortSignal {
    if (this.controller) return this.controller.signal;
    const controller = new AbortController();
    this.controller = controller;
    if (this.timeout) controller.abort(this.timeout);
    else if (this.parent.aborted) controller.abort(this.parent.reason);
    else this.parent.addEventListener('abort', this.onParentAbort, { once: true });
    return controller.signal;
  }

  /**
   * Settles as `work` does, or rejects as soon as the caller cancels (with its reason) or a
   * deadline passes (with the timeout). The work itself is not stopped: stop it on rejection.
   */
  race<T>(work: Promise<T>): Promise<T> {
    if (this.timeout) return abortable(work, AbortSignal.abort(this.timeout));
    const deadline = new Promise<never>((_, reject) => (this.onExpire = reject));
    return abortable(Promise.race([work, deadline]), this.parent).finally(
      () => (this.onExpire = null),
    );
  }

  /** Whether the first chunk arrived. */
  get hasStarted(): boolean {
    return this.started;
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
    this.controller?.abort(timeout);
    this.onExpire?.(timeout);
  }
}
