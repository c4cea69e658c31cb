import { describe, expect, it } from 'vitest';
import { LineRing } from './line-ring.ts';

const item = (id: number, bytes = 10) => ({ id, bytes });

describe('the ring of recent lines', () => {
  it('keeps the last N, oldest first', () => {
    const ring = new LineRing<{ id: number; bytes: number }>(3, 1000);
    for (let i = 1; i <= 5; i++) ring.push(item(i));
    expect(ring.toArray().map((x) => x.id)).toEqual([3, 4, 5]);
    expect(ring.bytes).toBe(30);
  });

  it('keeps at most its bytes, and never a line larger than all of them', () => {
    const ring = new LineRing<{ id: number; bytes: number }>(100, 25);
    ring.push(item(1));
    ring.push(item(2));
    ring.push(item(3));
    expect(ring.toArray().map((x) => x.id)).toEqual([2, 3]);
    ring.push(item(4, 26));
    expect(ring.toArray().map((x) => x.id)).toEqual([2, 3]);
    ring.push(item(5, 25));
    expect(ring.toArray().map((x) => x.id)).toEqual([5]);
  });

  it('stays right across many evictions (compacting as it goes)', () => {
    const ring = new LineRing<{ id: number; bytes: number }>(50, 1e9);
    for (let i = 0; i < 10_000; i++) ring.push(item(i, 1));
    expect(ring.size).toBe(50);
    expect(ring.toArray()[0]?.id).toBe(9950);
    expect(ring.bytes).toBe(50);
  });
});
