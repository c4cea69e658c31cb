import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * The `traceparent` of the stage a provider request is made for, carried through the async calls
 * between the stage and the request (the failover chain, the vendor adapter) rather than through
 * every provider interface. Only set while tracing is on: off, nothing is ever stored, and every
 * request goes out without the header.
 */
const current = new AsyncLocalStorage<string>();

/** The `traceparent` of the traced stage this runs in; undefined outside one (tracing off). */
export function currentTraceparent(): string | undefined {
  return current.getStore();
}

/** The headers to add to a provider request: `traceparent`, inside a traced stage; else none. */
export function traceHeaders(): { traceparent?: string } {
  const tp = current.getStore();
  return tp === undefined ? {} : { traceparent: tp };
}

/** Runs `fn` with `tp` as the current `traceparent` (undefined: as it is). */
export function withTraceparent<T>(tp: string | undefined, fn: () => T): T {
  return tp === undefined ? fn() : current.run(tp, fn);
}

/**
 * `iterable`, each step of which runs with `tp` as the current `traceparent`: a provider's stream
 * makes its request when first read, in the reader's context, not where the stream was made.
 * Undefined `tp`: `iterable` itself (tracing off costs nothing).
 */
export function iterateWithin<T>(
  tp: string | undefined,
  iterable: AsyncIterable<T>,
): AsyncIterable<T> {
  if (tp === undefined) return iterable;
  return {
    [Symbol.asyncIterator]() {
      const it = current.run(tp, () => iterable[Symbol.asyncIterator]());
      return {
        next: () => current.run(tp, () => it.next()),
        return: (value?: unknown) =>
          current.run(tp, () =>
            it.return
              ? it.return(value)
              : Promise.resolve({ done: true as const, value: undefined }),
          ),
      };
    },
  };
}
