/** A step of a (re)connection that did not finish within its deadline. */
export class DeadlineError extends Error {
  override name = 'DeadlineError';
  constructor(
    readonly step: string,
    readonly ms: number,
  ) {
    super(`${step}: no answer within ${ms} ms`);
  }
}

/** Timers as the resilient connection injects them (fake ones in tests). */
export interface Timers {
  setTimer(fn: () => void, ms: number): unknown;
  clearTimer(handle: unknown): void;
}

/**
 * Runs `work` with an AbortSignal that fires after `ms`; rejects with a {@link DeadlineError}
 * then, whatever `work` does with the signal (a request that ignores it cannot hold the caller).
 */
export function withDeadline<T>(
  step: string,
  ms: number,
  timers: Timers,
  work: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const abort = new AbortController();
  return new Promise<T>((resolve, reject) => {
    const timer = timers.setTimer(() => {
      const err = new DeadlineError(step, ms);
      abort.abort(err);
      reject(err);
    }, ms);
    let started: Promise<T>;
    try {
      started = work(abort.signal);
    } catch (err) {
      started = Promise.reject(err instanceof Error ? err : new Error(String(err)));
    }
    started.then(
      (v) => {
        timers.clearTimer(timer);
        resolve(v);
      },
      (err: unknown) => {
        timers.clearTimer(timer);
        reject(err instanceof Error ? err : new Error(String(err)));
      },
    );
  });
}
