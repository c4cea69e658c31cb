import { describe, expect, it } from 'vitest';
import { bytePool, samplePool } from './block-pool.ts';

describe('BlockPool', () => {
  it('hands out a block given back before making a new one', () => {
    const pool = bytePool(8);
    const a = pool.take();
    pool.give(a);
    expect(pool.take()).toBe(a);
    expect(pool.allocated).toBe(1);
  });

  it('holds on to at most its limit of free blocks, and only blocks of its size', () => {
    const pool = samplePool(4, 2);
    const blocks = [pool.take(), pool.take(), pool.take()];
    for (const b of blocks) pool.give(b);
    expect(pool.freeBlocks).toBe(2);
    pool.give(new Int16Array(5));
    expect(pool.freeBlocks).toBe(2);
  });

  it('refuses a block size that is not a positive integer', () => {
    expect(() => samplePool(0)).toThrow(RangeError);
    expect(() => samplePool(1.5)).toThrow(RangeError);
  });
});
