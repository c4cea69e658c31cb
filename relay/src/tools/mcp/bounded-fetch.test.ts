import { describe, expect, it } from 'vitest';
import { boundedFetch, McpAnswerTooLarge } from './bounded-fetch.ts';

/** A fetch that answers `chunks` as the body, with `type`; counts what was pulled of it. */
function serving(chunks: string[], type: string) {
  const pulled = { count: 0 };
  const base = () => {
    let i = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        const next = chunks[i++];
        pulled.count = i;
        if (next === undefined) controller.close();
        else controller.enqueue(new TextEncoder().encode(next));
      },
    });
    return Promise.resolve(new Response(body, { headers: { 'Content-Type': type } }));
  };
  return { base, pulled };
}

const read = async (response: Response) => new TextDecoder().decode(await response.arrayBuffer());

describe('an MCP answer read through boundedFetch', () => {
  const limits = (over: McpAnswerTooLarge[]) => ({
    maxAnswerBytes: 40,
    maxEventBytes: 12,
    onTooLarge: (e: McpAnswerTooLarge) => over.push(e),
  });

  it('passes an answer within its limits through whole', async () => {
    const { base } = serving(
      ['data: 123\n\n', 'data: 4567\r\n\r\n', 'data: 8\r\r'],
      'text/event-stream',
    );
    const over: McpAnswerTooLarge[] = [];
    const r = await boundedFetch(limits(over), base)('http://x', { method: 'POST', body: '{}' });
    expect(await read(r)).toBe('data: 123\n\ndata: 4567\r\n\r\ndata: 8\r\r');
    expect(over).toEqual([]);
  });

  it('stops at an event past its limit, even split across chunks, and reads no further', async () => {
    const { base, pulled } = serving(
      ['data: 1234', '5\ndata: 678', '9\n\n', 'never read'],
      'text/event-stream',
    );
    const over: McpAnswerTooLarge[] = [];
    const r = await boundedFetch(limits(over), base)('http://x', { method: 'GET' });
    await expect(read(r)).rejects.toBeInstanceOf(McpAnswerTooLarge);
    expect(over.map((e) => e.part)).toEqual(['event']);
    expect(pulled.count).toBeLessThan(4);
  });

  it('stops a POST’s answer past its limit as a whole; a GET stream’s is limited per event only', async () => {
    const events = Array.from({ length: 10 }, () => 'data: 12\n\n');
    const over: McpAnswerTooLarge[] = [];
    const post = serving(events, 'text/event-stream').base;
    await expect(
      read(await boundedFetch(limits(over), post)('http://x', { method: 'POST', body: '{}' })),
    ).rejects.toMatchObject({ part: 'answer', limitBytes: 40 });
    const get = serving(events, 'text/event-stream').base;
    expect(await read(await boundedFetch(limits(over), get)('http://x'))).toHaveLength(100);
    expect(over).toHaveLength(1);
  });
});
