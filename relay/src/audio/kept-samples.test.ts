import { describe, expect, it } from 'vitest';
import { BlockPool } from '../memory/block-pool.ts';
import { KeptSamples, pieces } from './kept-samples.ts';

/** `n` samples counting up from `from`. */
function ramp(from: number, n: number): Int16Array {
  return Int16Array.from({ length: n }, (_, i) => from + i);
}

describe('KeptSamples', () => {
  it('keeps frames across block boundaries and copies them back in order', () => {
    const pool = new BlockPool(20);
    const kept = new KeptSamples(100, pool);
    expect(kept.append(ramp(0, 7))).toBe(true);
    expect(kept.append(ramp(7, 7))).toBe(true);
    expect(kept.append(ramp(14, 12))).toBe(true);
    expect(kept.samples).toBe(26);
    expect(kept.frames).toBe(3);
    expect(pool.allocated).toBe(3);
    expect([...kept.copy()]).toEqual([...ramp(0, 26)]);
    expect([...kept.copy(12)]).toEqual([...ramp(0, 12)]);
    expect([...kept.copy(20)]).toEqual([...ramp(0, 20)]);
    expect(kept.copy(0).length).toBe(0);
    expect(kept.copy(1_000).length).toBe(26);
  });

  it('keeps a block-aligned frame without an empty block, and copies whole blocks exactly', () => {
    const pool = new BlockPool(8);
    const kept = new KeptSamples(100, pool);
    kept.append(ramp(0, 4));
    kept.append(ramp(4, 4));
    expect(pool.allocated).toBe(2);
    expect([...kept.copy()]).toEqual([...ramp(0, 8)]);
  });

  it('refuses the frame that passes its bound and every frame after: what it keeps is a prefix', () => {
    const kept = new KeptSamples(10, new BlockPool(8));
    expect(kept.append(ramp(0, 6))).toBe(true);
    expect(kept.overflowed).toBe(false);
    expect(kept.append(ramp(6, 6))).toBe(false);
    expect(kept.overflowed).toBe(true);
    expect(kept.append(ramp(12, 1))).toBe(false);
    expect([...kept.copy()]).toEqual([...ramp(0, 6)]);
    expect(kept.frames).toBe(1);
  });

  it('gives its blocks back on release; the next utterance reuses them without allocating', () => {
    const pool = new BlockPool(8);
    const first = new KeptSamples(100, pool);
    first.append(ramp(0, 10));
    first.release();
    expect(first.samples).toBe(0);
    expect(first.copy().length).toBe(0);
    expect(pool.freeBlocks).toBe(3);
    const second = new KeptSamples(100, pool);
    second.append(ramp(100, 10));
    expect(pool.allocated).toBe(3);
    expect(pool.freeBlocks).toBe(0);
    expect([...second.copy()]).toEqual([...ramp(100, 10)]);
    // Released twice: the blocks are not handed out twice.
    first.release();
    expect(pool.freeBlocks).toBe(0);
  });

  it('hands out copies only: a copy survives its blocks being reused', () => {
    const pool = new BlockPool(8);
    const kept = new KeptSamples(100, pool);
    kept.append(ramp(0, 8));
    const copy = kept.copy();
    kept.release();
    new KeptSamples(100, pool).append(new Int16Array(8).fill(-1));
    expect([...copy]).toEqual([...ramp(0, 8)]);
  });

  it('can be filled again after release, even after an overflow', () => {
    const kept = new KeptSamples(5, new BlockPool(8));
    kept.append(ramp(0, 6));
    expect(kept.overflowed).toBe(true);
    kept.release();
    expect(kept.overflowed).toBe(false);
    expect(kept.append(ramp(0, 5))).toBe(true);
    expect([...kept.copy()]).toEqual([...ramp(0, 5)]);
  });

  it('discards what it kept but stays overflowed until released', () => {
    const pool = new BlockPool(8);
    const kept = new KeptSamples(100, pool);
    kept.append(ramp(0, 8));
    kept.discard();
    expect(pool.freeBlocks).toBe(2);
    expect(kept.samples).toBe(0);
    expect(kept.append(ramp(0, 1))).toBe(false);
    kept.release();
    expect(kept.append(ramp(0, 1))).toBe(true);
  });
});

describe('KeptSamples.view', () => {
  it('reads what is kept as it grows, up to its limit, as copies of any range', () => {
    const kept = new KeptSamples(100, new BlockPool(8));
    const all = kept.view();
    const firstTen = kept.view(10);
    kept.append(ramp(0, 6));
    expect([all.samples, firstTen.samples]).toEqual([6, 6]);
    // Not all of its ten samples are kept yet, but none was refused: not overflowed.
    expect(firstTen.overflowed).toBe(false);
    kept.append(ramp(6, 6));
    expect([all.samples, firstTen.samples]).toEqual([12, 10]);
    expect([...firstTen.copy()]).toEqual([...ramp(0, 10)]);
    expect([...all.copy(9, 4)]).toEqual([...ramp(4, 5)]);
    expect([...firstTen.copy(12, 8)]).toEqual([...ramp(8, 2)]);
  });

  it('is overflowed once the store refused audio it reads, and reads nothing once released', () => {
    const kept = new KeptSamples(10, new BlockPool(8));
    const all = kept.view();
    const firstFive = kept.view(5);
    kept.append(ramp(0, 6));
    kept.append(ramp(6, 6));
    expect(all.overflowed).toBe(true);
    expect(firstFive.overflowed).toBe(false);
    kept.release();
    // The blocks went back (another utterance may fill them): a view made before reads none.
    kept.append(ramp(100, 3));
    expect([all.samples, all.overflowed, all.copy().length]).toEqual([0, true, 0]);
    expect(firstFive.overflowed).toBe(true);
    expect(kept.view().samples).toBe(3);
  });
});

describe('pieces', () => {
  it('cuts samples into consecutive views of a size, the last one shorter', () => {
    expect([...pieces(ramp(0, 5), 2)].map((p) => [...p])).toEqual([[0, 1], [2, 3], [4]]);
    expect([...pieces(new Int16Array(0), 2)]).toEqual([]);
  });
});
