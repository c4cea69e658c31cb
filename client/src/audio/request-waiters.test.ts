import { describe, expect, it } from 'vitest';
import { RequestWaiters } from './request-waiters.ts';

describe('RequestWaiters', () => {
  it('settles every request up to the id an answer covers, and no later one', async () => {
    const w = new RequestWaiters();
    const settled: number[] = [];
    for (const id of [1, 2, 3]) void w.wait(id).then(() => settled.push(id));
    w.resolveUpTo(2);
    await Promise.resolve();
    expect(settled).toEqual([1, 2]);
    expect(w.pending).toBe(1);
    w.resolveUpTo(2); // a repeated answer changes nothing
    w.resolveAll();
    await Promise.resolve();
    expect(settled).toEqual([1, 2, 3]);
    expect(w.pending).toBe(0);
  });
});
