import { describe, expect, it } from 'vitest';
import { ReplayBuffer } from './replay-buffer.ts';

const seqs = (b: ReplayBuffer<string>) => b.pending().map((e) => e.seq);

describe('ReplayBuffer', () => {
  it('keeps what is unacknowledged and drops it on a cumulative ack', () => {
    const b = new ReplayBuffer<string>(10);
    for (let s = 0; s < 5; s++) b.push(s, `c${s}`);
    b.ack(2);
    expect(seqs(b)).toEqual([3, 4]);
    expect(b.pending()[0]?.item).toBe('c3');
  });

  it('wraps around its storage', () => {
    const b = new ReplayBuffer<string>(3);
    for (let s = 0; s < 10; s++) {
      b.push(s, `c${s}`);
      b.ack(s - 1);
    }
    expect(seqs(b)).toEqual([9]);
    expect(b.overflowed).toBe(0);
  });

  it('drops the oldest when full and counts it', () => {
    const b = new ReplayBuffer<string>(3);
    for (let s = 0; s < 5; s++) b.push(s, `c${s}`);
    expect(seqs(b)).toEqual([2, 3, 4]);
    expect(b.overflowed).toBe(2);
  });

  it('ignores duplicates, stale acks and pushes of acknowledged seqs', () => {
    const b = new ReplayBuffer<string>(5);
    b.push(0, 'a');
    b.push(0, 'again');
    b.push(1, 'b');
    b.ack(1);
    b.ack(0);
    b.push(1, 'late');
    expect(b.size).toBe(0);
    expect(b.ackedSeq).toBe(1);
    b.push(2, 'c');
    expect(seqs(b)).toEqual([2]);
  });

  it('accepts gaps in seq (chunks not sent while silent)', () => {
    const b = new ReplayBuffer<string>(5);
    b.push(3, 'x');
    b.push(7, 'y');
    b.ack(5);
    expect(seqs(b)).toEqual([7]);
  });
});
