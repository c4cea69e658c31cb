/**
 * Races a promise against an abort signal: settles as `p` does, or rejects with the signal's
 * reason as soon as it aborts (the work behind `p` is not stopped by this: abort that too).
 * A rejection of `p` that comes after the abort is the caller's to ignore: it is handled here,
 * never left to surface as an unhandled rejection.
 */
export function abortable<T>(p: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    p.catch(ignore);
    return Promise.reject(signal.reason);
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}

function ignore(): void {}
