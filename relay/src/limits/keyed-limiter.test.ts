import { describe, expect, it } from 'vitest';
import { KeyedLimiter } from './keyed-limiter.ts';

function fakeClock(startMs = 0) {
  let t = startMs;
  return { now: () => t, advance: (ms: number) => void (t += ms) };
}

/** Connection attempts per IP: burst 20, 1/s, at most `maxKeys` IPs tracked. */
function perIp(maxKeys = 100) {
  const clock = fakeClock();
  const limiter = new KeyedLimiter({ capacity: 20, refillPerSecond: 1, maxKeys, now: clock.now });
  return { clock, limiter };
}

function exhaust(limiter: KeyedLimiter, key: string): void {
  while (limiter.tryTake(key).ok);
}

describe('KeyedLimiter', () => {
  it('gives every key its own bucket', () => {
    const { limiter } = perIp();
    exhaust(limiter, '198.51.100.1');
    expect(limiter.tryTake('198.51.100.1')).toEqual({ ok: false, retryAfterMs: 1000 });
    expect(limiter.tryTake('198.51.100.2')).toEqual({ ok: true });
  });

  it('stays within maxKeys while an attacker rotates through 200,000 keys', () => {
    const { limiter, clock } = perIp(1000);
    let largest = 0;
    for (let i = 0; i < 200_000; i++) {
      limiter.tryTake(`10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`);
      largest = Math.max(largest, limiter.size);
      if (i % 1000 === 0) clock.advance(1);
    }
    expect(largest).toBe(1000);
    expect(limiter.size).toBe(1000);
  });

  it('keeps a busy key limited to its rate while many other keys come and go', () => {
    const { limiter, clock } = perIp(10);
    exhaust(limiter, 'abuser');
    let abuserAllowed = 0;
    for (let i = 0; i < 1000; i++) {
      limiter.tryTake(`visitor-${i}`);
      // Trying every 500 ms keeps the abuser among the recently used, so it is never forgiven.
      if (i % 5 === 0 && limiter.tryTake('abuser').ok) abuserAllowed++;
      clock.advance(100);
    }
    expect(limiter.size).toBeLessThanOrEqual(10);
    expect(abuserAllowed).toBe(99); // 1/s over 100 s, never a fresh burst of 20
  });

  it('forgives a limited key pushed out by the bound, and counts that as a lossy eviction', () => {
    const { limiter } = perIp(3);
    exhaust(limiter, 'a');
    limiter.tryTake('b');
    limiter.tryTake('c');
    limiter.tryTake('d'); // evicts "a", the least recently used
    expect(limiter.lossyEvictions).toBe(1);
    expect(limiter.tryTake('a')).toEqual({ ok: true });
  });

  it('drops buckets that have refilled, since a full bucket is the same as a new one', () => {
    const { limiter, clock } = perIp();
    for (let i = 0; i < 50; i++) limiter.tryTake(`ip-${i}`);
    expect(limiter.size).toBe(50);
    clock.advance(1000); // one token back: every bucket is full again
    expect(limiter.sweep()).toBe(50);
    expect(limiter.size).toBe(0);
    expect(limiter.lossyEvictions).toBe(0);
  });

  it('sweeps a few full buckets on each new key, without a timer', () => {
    const { limiter, clock } = perIp();
    for (let i = 0; i < 50; i++) limiter.tryTake(`old-${i}`);
    clock.advance(1000);
    for (let i = 0; i < 13; i++) limiter.tryTake(`new-${i}`);
    // Four swept per new key: after 13 new keys the 50 refilled buckets are gone.
    expect(limiter.size).toBe(13);
  });

  it('stops sweeping at the first bucket that is still limited', () => {
    const { limiter, clock } = perIp();
    exhaust(limiter, 'limited');
    limiter.tryTake('fine');
    clock.advance(1000);
    expect(limiter.sweep()).toBe(0); // "limited" (oldest) has 1 of 20 tokens
    limiter.delete('limited');
    expect(limiter.sweep()).toBe(1);
  });

  it('rejects invalid settings when built, not on the first request', () => {
    const now = () => 0;
    expect(() => new KeyedLimiter({ capacity: 1, refillPerSecond: 1, maxKeys: 0, now })).toThrow(
      /maxKeys/,
    );
    expect(() => new KeyedLimiter({ capacity: 0, refillPerSecond: 1, maxKeys: 5, now })).toThrow(
      /capacity/,
    );
  });
});
