import { describe, expect, it } from 'vitest';
import { BlockPool } from './block-pool.ts';
import { ByteQueue } from './byte-queue.ts';

const bytes = (from: number, n: number) =>
  Uint8Array.from({ length: n }, (_, i) => (from + i) % 256);

describe('ByteQueue', () => {
  it('keeps pieces first in, first out, across block boundaries, at stable positions', () => {
    const q = new ByteQueue(new BlockPool(8));
    const a = q.push(bytes(0, 5));
    const b = q.push(bytes(100, 12)); // 5..17: spans three blocks
    const c = q.push(bytes(200, 3));
    expect([a, b, c]).toEqual([0, 5, 17]);
    expect(q.blockCount).toBe(3);
    expect(q.read(a, 5)).toEqual(bytes(0, 5));
    expect(q.read(b, 12)).toEqual(bytes(100, 12));
    expect(q.read(c, 3)).toEqual(bytes(200, 3));
    q.shift(5);
    expect(q.read(b, 12)).toEqual(bytes(100, 12));
    expect(() => q.read(a, 5)).toThrow(RangeError);
    expect(q.length).toBe(15);
  });

  it('gives blocks it has moved past back to the pool, and all of them once empty', () => {
    const pool = new BlockPool(8);
    const q = new ByteQueue(pool);
    q.push(bytes(0, 20)); // three blocks
    q.shift(7);
    expect(q.blockCount).toBe(3);
    q.shift(2); // past the first block
    expect(q.blockCount).toBe(2);
    expect(pool.freeBlocks).toBe(1);
    q.shift(11);
    expect(q.blockCount).toBe(0);
    expect(pool.freeBlocks).toBe(3);
    // Positions go on; the blocks are reused.
    const at = q.push(bytes(50, 10));
    expect(at).toBe(20);
    expect(q.read(at, 10)).toEqual(bytes(50, 10));
    expect(pool.allocated).toBe(3);
  });

  it('reads copies, not views of its blocks', () => {
    const pool = new BlockPool(8);
    const q = new ByteQueue(pool);
    const at = q.push(bytes(1, 4));
    const copy = q.read(at, 4);
    copy.fill(0);
    expect(q.read(at, 4)).toEqual(bytes(1, 4));
    q.shift(4);
    // The block is someone else's now: the copy stays as it was read.
    new ByteQueue(pool).push(new Uint8Array(8).fill(9));
    expect(q.read(4, 0)).toEqual(new Uint8Array(0));
    expect(copy).toEqual(new Uint8Array(4));
  });

  it('refuses to drop more than it keeps, or to read what it does not keep', () => {
    const q = new ByteQueue(new BlockPool(4));
    q.push(bytes(0, 10));
    expect(() => q.shift(11)).toThrow(RangeError);
    expect(() => q.shift(-1)).toThrow(RangeError);
    expect(() => q.read(8, 3)).toThrow(RangeError);
    expect(q.read(8, 2)).toEqual(bytes(8, 2));
  });
});
