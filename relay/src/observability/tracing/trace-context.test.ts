import { describe, expect, it } from 'vitest';
import { iterateWithin, traceHeaders, withTraceparent } from './trace-context.ts';

const TP = '00-0000000000000000a3ce929d0e0e4736-00f067aa0ba902b7-01';

/** A stream that reads the headers a request would carry, when it is first read. */
async function* requestHeaders(): AsyncGenerator<ReturnType<typeof traceHeaders>> {
  await Promise.resolve();
  yield traceHeaders();
  await new Promise((resolve) => setImmediate(resolve));
  yield traceHeaders();
}

describe('trace context', () => {
  it('carries no header outside a traced stage', () => {
    expect(traceHeaders()).toEqual({});
    expect(withTraceparent(undefined, () => traceHeaders())).toEqual({});
  });

  it('carries the stage’s traceparent through awaits', async () => {
    const seen = await withTraceparent(TP, async () => {
      await new Promise((resolve) => setImmediate(resolve));
      return traceHeaders();
    });
    expect(seen).toEqual({ traceparent: TP });
    expect(traceHeaders()).toEqual({});
  });

  it('gives a stream read elsewhere the traceparent it was made for', async () => {
    const seen: unknown[] = [];
    for await (const headers of iterateWithin(TP, requestHeaders())) seen.push(headers);
    expect(seen).toEqual([{ traceparent: TP }, { traceparent: TP }]);
  });

  it('hands the stream back as it is when tracing is off', () => {
    const stream = requestHeaders();
    expect(iterateWithin(undefined, stream)).toBe(stream);
  });
});
