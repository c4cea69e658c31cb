import { describe, expect, it } from 'vitest';
import { CircuitBreaker } from './circuit-breaker.ts';

/** A breaker on a clock the test moves by hand. */
function breaker(
  options: { failureThreshold?: number; cooldownMs?: number; maxCooldownMs?: number } = {},
) {
  let t = 1_000_000;
  const b = new CircuitBreaker({
    failureThreshold: 3,
    cooldownMs: 10_000,
    ...options,
    now: () => t,
  });
  return {
    b,
    after: (ms: number) => {
      t += ms;
    },
    fail: (n: number) => {
      for (let i = 0; i < n; i++) {
        expect(b.tryAcquire()).toBe(true);
        b.failure();
      }
    },
  };
}

describe('CircuitBreaker', () => {
  it('is healthy and lets calls through when new', () => {
    const { b } = breaker();
    expect(b.tryAcquire()).toBe(true);
    expect(b.snapshot()).toMatchObject({ state: 'closed', health: 'HEALTHY' });
  });

  it('stays closed but degraded below the threshold, and a success clears the count', () => {
    const { b, fail } = breaker();
    fail(2);
    expect(b.snapshot()).toMatchObject({
      state: 'closed',
      health: 'DEGRADED',
      consecutiveFailures: 2,
    });
    b.success();
    fail(2);
    expect(b.state).toBe('closed');
  });

  it('opens after consecutive failures and refuses calls during the cool-down', () => {
    const { b, fail, after } = breaker();
    fail(3);
    expect(b.snapshot()).toMatchObject({ state: 'open', health: 'FAILED', retryAtMs: 1_010_000 });
    expect(b.tryAcquire()).toBe(false);
    after(9_999);
    expect(b.tryAcquire()).toBe(false);
  });

  it('lets exactly one probe through after the cool-down; its success closes the breaker', () => {
    const { b, fail, after } = breaker();
    fail(3);
    after(10_000);
    expect(b.snapshot().health).toBe('DEGRADED');
    expect(b.tryAcquire()).toBe(true);
    expect(b.tryAcquire()).toBe(false); // a second caller waits for the probe's outcome
    b.success();
    expect(b.snapshot()).toMatchObject({
      state: 'closed',
      health: 'HEALTHY',
      consecutiveFailures: 0,
    });
    expect(b.tryAcquire()).toBe(true);
  });

  it('re-opens on a failed probe, doubling the cool-down up to its cap', () => {
    const { b, fail, after } = breaker({ maxCooldownMs: 30_000 });
    fail(3);
    after(10_000);
    fail(1); // probe fails → 20 s
    after(19_999);
    expect(b.tryAcquire()).toBe(false);
    after(1);
    fail(1); // → 30 s (capped)
    after(29_999);
    expect(b.state).toBe('open');
    after(1);
    fail(1); // stays at 30 s
    after(30_000);
    expect(b.state).toBe('half-open');
    b.tryAcquire();
    b.success();
    // Closed again: the cool-down starts from the base next time.
    fail(3);
    after(10_000);
    expect(b.state).toBe('half-open');
  });

  it('frees the probe slot when the call ends without a verdict', () => {
    const { b, fail, after } = breaker();
    fail(3);
    after(10_000);
    expect(b.tryAcquire()).toBe(true);
    b.release();
    expect(b.tryAcquire()).toBe(true);
  });

  it('resets to healthy on demand', () => {
    const { b, fail } = breaker({ failureThreshold: 1 });
    fail(1);
    expect(b.state).toBe('open');
    b.reset();
    expect(b.snapshot()).toMatchObject({ state: 'closed', health: 'HEALTHY' });
  });

  it('trips open at once, whatever the count, when its whole stage is down', () => {
    const { b, fail, after } = breaker();
    fail(1);
    expect(b.trip()).toBe(true);
    expect(b.snapshot()).toMatchObject({ state: 'open', health: 'FAILED', retryAtMs: 1_010_000 });
    expect(b.tryAcquire()).toBe(false);
    expect(b.trip()).toBe(false); // already open: the cool-down is not restarted
    after(10_000);
    expect(b.state).toBe('half-open');
  });

  it('holds until a Retry-After ends, then is as before (closed, count untouched)', () => {
    const { b, fail, after } = breaker();
    fail(1);
    b.holdUntil(1_030_000);
    expect(b.snapshot()).toMatchObject({
      state: 'open',
      health: 'FAILED',
      retryAtMs: 1_030_000,
      consecutiveFailures: 1,
    });
    expect(b.tryAcquire()).toBe(false);
    after(29_999);
    expect(b.tryAcquire()).toBe(false);
    after(1);
    expect(b.snapshot()).toMatchObject({ state: 'closed', consecutiveFailures: 1 });
    expect(b.tryAcquire()).toBe(true);
  });

  it('keeps an open breaker shut until both its cool-down and a longer hold have passed', () => {
    const { b, fail, after } = breaker();
    fail(3); // open until 1,010,000
    b.holdUntil(1_025_000);
    expect(b.snapshot().retryAtMs).toBe(1_025_000);
    after(10_000);
    expect(b.state).toBe('open');
    after(15_000);
    expect(b.state).toBe('half-open');
  });
});
