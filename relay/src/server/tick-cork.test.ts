import { Writable } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { corkLazily, corkUntilIdle, LAZY_FLUSH_MS, socketOf } from './tick-cork.ts';

/** A stream that records each underlying write call (one entry per `writev` batch). */
function recorder() {
  const calls: string[][] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      calls.push([chunk.toString()]);
      cb();
    },
    writev(chunks, cb) {
      calls.push(chunks.map((c) => String(c.chunk)));
      cb();
    },
  });
  return { stream, calls };
}

const idle = () => new Promise((resolve) => setImmediate(resolve));

describe('corkUntilIdle', () => {
  it('sends a burst of writes in one batch, after the current turn of the loop', async () => {
    const { stream, calls } = recorder();
    for (const m of ['a', 'b', 'c']) {
      corkUntilIdle(stream);
      stream.write(m);
    }
    expect(calls).toEqual([]);
    await idle();
    expect(calls).toEqual([['a', 'b', 'c']]);
    // The next burst is its own batch.
    corkUntilIdle(stream);
    stream.write('d');
    await idle();
    expect(calls).toEqual([['a', 'b', 'c'], ['d']]);
    expect(stream.writableCorked).toBe(0);
  });

  it('leaves nested corking (as ws does around a frame) balanced', async () => {
    const { stream, calls } = recorder();
    corkUntilIdle(stream);
    stream.cork();
    stream.write('header');
    stream.write('payload');
    stream.uncork();
    expect(calls).toEqual([]);
    await idle();
    expect(calls).toEqual([['header', 'payload']]);
    expect(stream.writableCorked).toBe(0);
  });

  it('does nothing to a destroyed socket', async () => {
    const { stream } = recorder();
    stream.destroy();
    corkUntilIdle(stream);
    expect(stream.writableCorked).toBe(0);
    await idle();
  });

  it('finds the socket under a ws WebSocket, or none', () => {
    const { stream } = recorder();
    expect(socketOf({ _socket: stream })).toBe(stream);
    expect(socketOf({})).toBeNull();
    expect(socketOf(null)).toBeNull();
    expect(socketOf({ _socket: { cork: 1 } })).toBeNull();
  });
});

describe('corkLazily', () => {
  afterEach(() => vi.useRealTimers());

  it('holds writes of several loop turns and sends them in one batch after LAZY_FLUSH_MS', async () => {
    vi.useFakeTimers();
    const a = recorder();
    const b = recorder();
    for (const m of ['1', '2', '3']) {
      corkLazily(a.stream);
      a.stream.write(`a${m}`);
      corkLazily(b.stream);
      b.stream.write(`b${m}`);
      await vi.advanceTimersByTimeAsync(LAZY_FLUSH_MS / 4);
    }
    expect(a.calls).toEqual([]);
    await vi.advanceTimersByTimeAsync(LAZY_FLUSH_MS);
    expect(a.calls).toEqual([['a1', 'a2', 'a3']]);
    expect(b.calls).toEqual([['b1', 'b2', 'b3']]);
    expect(a.stream.writableCorked).toBe(0);
    expect(b.stream.writableCorked).toBe(0);
  });

  it('lets an urgent write take what is held with it, at the end of the turn, corked once', async () => {
    vi.useFakeTimers();
    const { stream, calls } = recorder();
    corkLazily(stream);
    stream.write('later');
    corkUntilIdle(stream);
    stream.write('now');
    // A lazy write in the same turn joins the urgent batch.
    corkLazily(stream);
    stream.write('also');
    expect(stream.writableCorked).toBe(1);
    await vi.advanceTimersByTimeAsync(0);
    expect(calls).toEqual([['later', 'now', 'also']]);
    expect(stream.writableCorked).toBe(0);
    // The lazy timer finds nothing left to release, and corks nothing open.
    await vi.advanceTimersByTimeAsync(LAZY_FLUSH_MS);
    expect(calls).toEqual([['later', 'now', 'also']]);
    expect(stream.writableCorked).toBe(0);
    // Afterwards the socket can be held lazily again.
    corkLazily(stream);
    stream.write('next');
    await vi.advanceTimersByTimeAsync(LAZY_FLUSH_MS);
    expect(calls).toEqual([['later', 'now', 'also'], ['next']]);
  });

  it('does nothing to a destroyed socket', () => {
    const { stream } = recorder();
    stream.destroy();
    corkLazily(stream);
    expect(stream.writableCorked).toBe(0);
  });
});
