import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { timeoutSignal } from './timeout-signal.ts';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('timeoutSignal', () => {
  it('without AbortSignal.timeout (Safari before 16), aborts after the time, as a timeout', async () => {
    const signal = timeoutSignal(5000, {});
    await vi.advanceTimersByTimeAsync(4999);
    expect(signal.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(signal.aborted).toBe(true);
    expect((signal.reason as DOMException).name).toBe('TimeoutError');
  });

  it('uses the browser’s own where it has one', () => {
    const own = new AbortController().signal;
    const timeout = vi.fn(() => own);
    expect(timeoutSignal(5000, { timeout })).toBe(own);
    expect(timeout).toHaveBeenCalledWith(5000);
  });
});
