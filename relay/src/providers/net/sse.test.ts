import { describe, expect, it } from 'vitest';
import { ProviderError } from './provider-error.ts';
import { parseEventJson, sseEvents } from './sse.ts';

// Not shaped like a known key: only the list of what the request sent can hide it.
const SECRET = 'opaque-credential-Zq81x';

/** A provider's streamed answer: `chunks` as they arrive (bytes cut anywhere), then the end. */
function streamed(chunks: (string | Uint8Array)[], type = 'text/event-stream; charset=utf-8') {
  const encoder = new TextEncoder();
  const state = { cancelled: false };
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      const next = chunks.shift();
      if (next === undefined) controller.close();
      else controller.enqueue(typeof next === 'string' ? encoder.encode(next) : next);
    },
    cancel() {
      state.cancelled = true;
    },
  });
  return { res: new Response(body, { headers: { 'content-type': type } }), state };
}

async function all(res: Response) {
  const events: { event: string | undefined; data: string }[] = [];
  for await (const e of sseEvents('openai:gpt-4o-mini', res, [SECRET]))
    events.push({ event: e.event, data: e.data });
  return events;
}

async function failure(run: Promise<unknown>): Promise<ProviderError> {
  const err: unknown = await run.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ProviderError);
  return err as ProviderError;
}

describe('sseEvents', () => {
  it('yields each event whole, however the bytes are cut (inside a line, inside a character)', async () => {
    const e = new TextEncoder().encode('data: {"text":"café"}\n\n');
    const cut = e.indexOf(0xc3) + 1; // between the two bytes of "é"
    const { res } = streamed([
      'event: delta\nda',
      'ta: {"text":"Hel',
      'lo"}\n',
      '\n',
      e.slice(0, cut),
      e.slice(cut),
      'data: [DONE]\n\n',
    ]);
    expect(await all(res)).toEqual([
      { event: 'delta', data: '{"text":"Hello"}' },
      { event: undefined, data: '{"text":"café"}' },
      { event: undefined, data: '[DONE]' },
    ]);
  });

  it('drops a last event the provider never ended with a blank line, as the SSE rules say', async () => {
    const { res } = streamed(['data: one\n\n', 'data: two\n']);
    expect((await all(res)).map((e) => e.data)).toEqual(['one']);
  });

  it('refuses a 200 that is not an event stream (a proxy’s HTML page) as a protocol error', async () => {
    const { res } = streamed(['<html>Bad gateway</html>'], 'text/html');
    const err = await failure(all(res));
    expect(err.kind).toBe('protocol');
    expect(err.message).toContain('expected an event stream, got "text/html"');
  });

  it('stops an event that grows past 1 MiB, and closes the upstream connection', async () => {
    const big = 'x'.repeat(64 * 1024);
    const { res, state } = streamed([
      'data: ',
      ...Array.from({ length: 20 }, () => big),
      '\n\n',
      'data: never read\n\n',
    ]);
    const err = await failure(all(res));
    expect(err.kind).toBe('protocol');
    expect(err.message).toMatch(/bad event stream: .*max buffer size/);
    expect(state.cancelled).toBe(true);
  });

  it('closes the upstream connection when the reader stops early', async () => {
    const { res, state } = streamed(['data: one\n\n', 'data: two\n\n', 'data: three\n\n']);
    for await (const e of sseEvents('p', res)) if (e.data === 'one') break;
    expect(state.cancelled).toBe(true);
  });

  it('turns a connection lost mid-stream into a network error', async () => {
    let sent = false;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent) controller.error(new TypeError('terminated', { cause: new Error('ECONNRESET') }));
        else controller.enqueue(new TextEncoder().encode('data: one\n\n'));
        sent = true;
      },
    });
    const res = new Response(body, { headers: { 'content-type': 'text/event-stream' } });
    const err = await failure(all(res));
    expect(err.kind).toBe('network');
    expect(err.message).toContain('ECONNRESET');
  });
});

describe('parseEventJson', () => {
  it('parses a chunk’s JSON', () => {
    expect(parseEventJson('p', '{"choices":[{"delta":{"content":"Hi"}}]}')).toEqual({
      choices: [{ delta: { content: 'Hi' } }],
    });
  });

  it('makes a chunk that does not parse a protocol error quoting it, without the key', () => {
    let err: unknown;
    try {
      parseEventJson('p', `{"error": "bad key ${SECRET}"`, [SECRET]);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ProviderError);
    const e = err as ProviderError;
    expect(e.kind).toBe('protocol');
    expect(e.message).toContain('malformed chunk: {"error": "bad key');
    expect(e.message).not.toContain(SECRET);
  });
});
