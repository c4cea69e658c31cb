import { describe, expect, it } from 'vitest';
import { BlockPool } from './block-pool.ts';

describe('BlockPool', () => {
  it('hands out a block given back before making a new one', () => {
    const pool = new BlockPool(8);
    const a = pool.take();
    pool.give(a);
    expect(pool.take()).toBe(a);
    expect(pool.allocated).toBe(1);
  });

  it('holds on to at most its limit of free blocks, and only blocks of its size', () => {
    const pool = new BlockPool(8, 2);
    const blocks = [pool.take(), pool.take(), pool.take()];
    for (const b of blocks) pool.give(b);
    expect(pool.freeBlocks).toBe(2);
    pool.give(new Uint8Array(5));
    expect(pool.freeBlocks).toBe(2);
  });

  it('refuses a block size that is not a positive integer', () => {
    expect(() => new BlockPool(0)).toThrow(RangeError);
    expect(() => new BlockPool(1.5)).toThrow(RangeError);
  });
});
