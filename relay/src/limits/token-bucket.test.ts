import { describe, expect, it } from 'vitest';
import { TokenBucket } from './token-bucket.ts';

function fakeClock(startMs = 1_000_000) {
  let t = startMs;
  return { now: () => t, advance: (ms: number) => void (t += ms) };
}

function bucket(capacity: number, refillPerSecond: number) {
  const clock = fakeClock();
  return { clock, bucket: new TokenBucket({ capacity, refillPerSecond, now: clock.now }) };
}

/** Takes one token at a time until refused; returns how many were taken. */
function drain(b: TokenBucket): number {
  let n = 0;
  while (b.tryTake().ok) n++;
  return n;
}

describe('TokenBucket', () => {
  it('starts full: allows a burst of `capacity`, then refuses with the time to the next token', () => {
    const { bucket: b } = bucket(20, 1);
    expect(drain(b)).toBe(20);
    expect(b.tryTake()).toEqual({ ok: false, retryAfterMs: 1000 });
  });

  it('refills at its rate, one token per 1/rate seconds', () => {
    const { bucket: b, clock } = bucket(20, 1);
    drain(b);
    clock.advance(999);
    expect(b.tryTake().ok).toBe(false);
    clock.advance(1);
    expect(b.tryTake()).toEqual({ ok: true });
    expect(b.tryTake().ok).toBe(false);
    clock.advance(5000);
    expect(drain(b)).toBe(5);
  });

  it('never holds more than its capacity, however long it rests', () => {
    const { bucket: b, clock } = bucket(20, 1);
    drain(b);
    clock.advance(24 * 3600_000);
    expect(b.available()).toBe(20);
    expect(drain(b)).toBe(20);
  });

  it('retryAfterMs is exact: retrying that much later succeeds, 1 ms earlier does not', () => {
    for (const [capacity, rate, n] of [
      [300, 50, 1],
      [20, 1, 3],
      [10, 10 / 60, 1],
      [7, 3, 7],
      [5, 0.7, 2],
    ] as const) {
      const { bucket: b, clock } = bucket(capacity, rate);
      drain(b);
      clock.advance(13); // a fractional amount of tokens is in the bucket
      const refused = b.tryTake(n);
      if (refused.ok) throw new Error('expected a refusal');
      clock.advance(refused.retryAfterMs - 1);
      expect(b.tryTake(n).ok, `capacity ${capacity}, rate ${rate}, n ${n}`).toBe(false);
      clock.advance(1);
      expect(b.tryTake(n).ok, `capacity ${capacity}, rate ${rate}, n ${n}`).toBe(true);
    }
  });

  it('allows burst + rate × time over a long run of attempts', () => {
    const { bucket: b, clock } = bucket(300, 50);
    let allowed = 0;
    for (let ms = 0; ms < 10_000; ms++) {
      if (b.tryTake().ok) allowed++;
      clock.advance(1);
    }
    // The last attempt is at 9,999 ms: the 500th refilled token arrives 1 ms later.
    expect(allowed).toBe(300 + 50 * 10 - 1);
  });

  it('takes several tokens at once, or none', () => {
    const { bucket: b } = bucket(10, 2);
    expect(b.tryTake(7).ok).toBe(true);
    expect(b.tryTake(4)).toEqual({ ok: false, retryAfterMs: 500 });
    expect(b.available()).toBe(3);
    expect(b.tryTake(0).ok).toBe(true);
  });

  it('refuses impossible requests loudly', () => {
    const { bucket: b } = bucket(10, 2);
    expect(() => b.tryTake(11)).toThrow(RangeError);
    expect(() => b.tryTake(-1)).toThrow(RangeError);
    expect(() => b.tryTake(Number.NaN)).toThrow(RangeError);
  });

  it('ignores a clock that steps backwards (no tokens gained or lost)', () => {
    const { bucket: b, clock } = bucket(5, 1);
    drain(b);
    clock.advance(-60_000);
    expect(b.tryTake().ok).toBe(false);
    clock.advance(60_000 + 1000);
    expect(drain(b)).toBe(1);
  });

  it('says when it is full', () => {
    const { bucket: b, clock } = bucket(3, 1);
    expect(b.isFull()).toBe(true);
    b.tryTake();
    expect(b.isFull()).toBe(false);
    clock.advance(1000);
    expect(b.isFull()).toBe(true);
  });

  it('rejects invalid settings', () => {
    const now = () => 0;
    expect(() => new TokenBucket({ capacity: 0, refillPerSecond: 1, now })).toThrow(/capacity/);
    expect(() => new TokenBucket({ capacity: 5, refillPerSecond: 0, now })).toThrow(/refill/);
    expect(() => new TokenBucket({ capacity: Infinity, refillPerSecond: 1, now })).toThrow();
  });
});
