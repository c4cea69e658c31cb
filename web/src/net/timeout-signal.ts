/** The static side of AbortSignal that a timeout uses (`timeout` is Safari 16+). */
export interface AbortSignalStatics {
  timeout?: (ms: number) => AbortSignal;
}

/**
 * A signal that aborts after `ms`: `AbortSignal.timeout` where the browser has it, else an
 * AbortController on a timer. iOS 15's Safari has no `AbortSignal.timeout`: calling it there
 * threw inside the relay's health check, which then read as "the relay cannot be reached" for
 * ever.
 */
export function timeoutSignal(ms: number, statics: AbortSignalStatics = AbortSignal): AbortSignal {
  if (typeof statics.timeout === 'function') return statics.timeout(ms);
  const controller = new AbortController();
  setTimeout(() => controller.abort(new DOMException('signal timed out', 'TimeoutError')), ms);
  return controller.signal;
}
