import { describe, expect, it } from 'vitest';
import { ReaderQueue } from './reader-queue.ts';

describe('what waits for one log reader', () => {
  const limits = { maxQueuedBytes: 100, sendHighWaterBytes: 50 };

  it('hands over everything queued as one batch when the socket has room', () => {
    const q = new ReaderQueue(limits);
    expect(q.offer('a', 40)).toBe(true);
    expect(q.offer('b', 40)).toBe(true);
    expect(q.take(0)).toEqual(['a', 'b']);
    expect(q.empty).toBe(true);
    expect(q.take(0)).toBeNull();
  });

  it('holds the lines while the socket is above its high water', () => {
    const q = new ReaderQueue(limits);
    q.offer('a', 10);
    expect(q.take(51)).toBeNull();
    expect(q.queuedBytes).toBe(10);
    expect(q.take(50)).toEqual(['a']);
  });

  it('refuses a line that would pass the bound, queuing nothing of it', () => {
    const q = new ReaderQueue(limits);
    expect(q.offer('a', 60)).toBe(true);
    expect(q.offer('b', 41)).toBe(false);
    expect(q.queuedBytes).toBe(60);
    expect(q.offer('c', 40)).toBe(true);
  });
});
