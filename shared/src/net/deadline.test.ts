import { describe, expect, it, vi } from 'vitest';
import { DeadlineError, withDeadline } from './deadline.ts';

const timers = {
  setTimer: (fn: () => void, ms: number) => setTimeout(fn, ms),
  clearTimer: (h: unknown) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

describe('withDeadline', () => {
  it('rejects with a DeadlineError and aborts the work when it takes too long', async () => {
    vi.useFakeTimers();
    try {
      let signal: AbortSignal | undefined;
      const result = withDeadline('ticket', 5000, timers, (s) => {
        signal = s;
        return new Promise<string>(() => undefined);
      });
      const rejected = expect(result).rejects.toBeInstanceOf(DeadlineError);
      await vi.advanceTimersByTimeAsync(5000);
      await rejected;
      expect(signal?.aborted).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });

  it('passes the answer or the failure of work that ends in time', async () => {
    await expect(withDeadline('x', 1000, timers, () => Promise.resolve(7))).resolves.toBe(7);
    await expect(
      withDeadline('x', 1000, timers, () => Promise.reject(new Error('no'))),
    ).rejects.toThrow('no');
  });
});
