import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ProviderError } from '../net/provider-error.ts';
import { Attempt } from './attempt.ts';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

const kindOf = (e: unknown) => (e instanceof ProviderError ? e.kind : 'not a ProviderError');

describe('Attempt', () => {
  it('times out when the first chunk does not come', () => {
    const a = new Attempt(new AbortController().signal, 'p', { firstMs: 1000 });
    vi.advanceTimersByTime(999);
    expect(a.signal.aborted).toBe(false);
    vi.advanceTimersByTime(1);
    expect(a.signal.aborted).toBe(true);
    expect(kindOf(a.error(new Error('aborted')))).toBe('timeout');
    expect(a.cancelled).toBe(false);
  });

  it('switches to the stall deadline once the stream starts, restarting it on each chunk', () => {
    const a = new Attempt(new AbortController().signal, 'p', { firstMs: 1000, stallMs: 300 });
    vi.advanceTimersByTime(900);
    a.progress();
    vi.advanceTimersByTime(250);
    a.progress();
    vi.advanceTimersByTime(250);
    expect(a.signal.aborted).toBe(false);
    vi.advanceTimersByTime(50);
    expect(a.signal.aborted).toBe(true);
    expect((a.error(null) as Error).message).toMatch(/stalled for 300 ms/);
  });

  it('enforces the total deadline even while chunks flow', () => {
    const a = new Attempt(new AbortController().signal, 'p', {
      firstMs: 1000,
      stallMs: 300,
      totalMs: 2000,
    });
    for (let i = 0; i < 19; i++) {
      vi.advanceTimersByTime(100);
      a.progress();
    }
    expect(a.signal.aborted).toBe(false);
    vi.advanceTimersByTime(100);
    expect(a.signal.aborted).toBe(true);
    expect((a.error(null) as Error).message).toMatch(/not finished within 2000 ms/);
  });

  it("follows the caller's cancel, and reports it as the caller's, not a provider failure", () => {
    const parent = new AbortController();
    const a = new Attempt(parent.signal, 'p', { firstMs: 1000 });
    const reason = new DOMException('user interrupted', 'AbortError');
    parent.abort(reason);
    expect(a.signal.aborted).toBe(true);
    expect(a.cancelled).toBe(true);
    expect(a.error(new Error('x'))).toBe(reason);
  });

  it('turns other errors into provider errors, and stops its timers when disposed', () => {
    const a = new Attempt(new AbortController().signal, 'p', { firstMs: 1000 });
    expect(kindOf(a.error(new TypeError('fetch failed')))).toBe('network');
    a.dispose();
    vi.advanceTimersByTime(5000);
    expect(a.signal.aborted).toBe(false);
  });

  it('races a promise against its deadline', async () => {
    const a = new Attempt(new AbortController().signal, 'p', { firstMs: 1000 });
    await expect(a.race(Promise.resolve(42))).resolves.toBe(42);
    const slow = a.race(new Promise<number>(() => undefined));
    vi.advanceTimersByTime(1000);
    const err = await slow.catch((e: unknown) => e);
    expect(kindOf(err)).toBe('timeout');
    expect(a.error(err)).toBe(err);
    // Asked for afterwards, the signal is already aborted with the timeout.
    expect(a.signal.aborted).toBe(true);
    expect(a.signal.reason).toBe(err);
    await expect(a.race(Promise.resolve(1))).rejects.toBe(err);
  });

  it("rejects a race with the caller's reason when the caller cancels", async () => {
    const parent = new AbortController();
    const a = new Attempt(parent.signal, 'p', { firstMs: 1000 });
    const waiting = a.race(new Promise<number>(() => undefined));
    const reason = new DOMException('user interrupted', 'AbortError');
    parent.abort(reason);
    await expect(waiting).rejects.toBe(reason);
    expect(a.cancelled).toBe(true);
    // A deadline passing after the cancel is no timeout.
    vi.advanceTimersByTime(5000);
    expect(a.error(new Error('x'))).toBe(reason);
  });

  it('passes on the failure of the work it races', async () => {
    const a = new Attempt(new AbortController().signal, 'p', { firstMs: 1000 });
    const boom = new Error('boom');
    await expect(a.race(Promise.reject(boom))).rejects.toBe(boom);
    a.dispose();
  });
});
