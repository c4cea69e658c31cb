import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { corkUntilIdle, socketOf } from './tick-cork.ts';

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
