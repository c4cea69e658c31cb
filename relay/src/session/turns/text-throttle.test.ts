import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TextThrottle } from './text-throttle.ts';

describe('TextThrottle', () => {
  let sent: [number, string][];
  let throttle: TextThrottle;
  beforeEach(() => {
    vi.useFakeTimers();
    sent = [];
    throttle = new TextThrottle((turnId, text) => sent.push([turnId, text]), 50);
  });
  afterEach(() => vi.useRealTimers());

  it('sends the first piece at once and joins the rest of the window', () => {
    throttle.push(1, 'It ');
    expect(sent).toEqual([[1, 'It ']]);
    throttle.push(1, 'is ');
    throttle.push(1, 'sunny.');
    expect(sent).toHaveLength(1);
    vi.advanceTimersByTime(50);
    expect(sent).toEqual([
      [1, 'It '],
      [1, 'is sunny.'],
    ]);
  });

  it('keeps throttling while text keeps coming, and starts afresh after a quiet window', () => {
    throttle.push(1, 'a');
    vi.advanceTimersByTime(20);
    throttle.push(1, 'b');
    vi.advanceTimersByTime(30); // first window closes: 'b'
    throttle.push(1, 'c');
    vi.advanceTimersByTime(49);
    expect(sent.map(([, t]) => t)).toEqual(['a', 'b']);
    vi.advanceTimersByTime(1); // second window: 'c'
    vi.advanceTimersByTime(50); // third window closes empty
    throttle.push(1, 'd'); // a new window: at once
    expect(sent.map(([, t]) => t)).toEqual(['a', 'b', 'c', 'd']);
  });

  it('flushes before other output, so text never trails what follows it', () => {
    throttle.push(1, 'Hello');
    throttle.push(1, ' there');
    throttle.flush(1);
    expect(sent.map(([, t]) => t)).toEqual(['Hello', ' there']);
    vi.advanceTimersByTime(50);
    expect(sent).toHaveLength(2); // nothing sent twice
  });

  it('keeps turns apart, and close() sends what is held and stops', () => {
    throttle.push(1, 'one');
    throttle.push(2, 'two');
    throttle.push(1, ' more');
    throttle.push(2, ' too');
    throttle.close();
    expect(sent).toEqual([
      [1, 'one'],
      [2, 'two'],
      [1, ' more'],
      [2, ' too'],
    ]);
    vi.advanceTimersByTime(500);
    expect(sent).toHaveLength(4);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('ignores empty pieces', () => {
    throttle.push(1, '');
    expect(sent).toEqual([]);
    expect(vi.getTimerCount()).toBe(0);
  });
});
