import { TokenBucket, type TakeResult } from './token-bucket.ts';

/** A rate limit per key (an IP, a user id): in this process, or shared through Redis. */
export interface RateLimiter {
  tryTake(key: string): TakeResult | Promise<TakeResult>;
}

/**
 * One {@link TokenBucket} per key (an IP, a user id), in a map with a hard size bound, so a
 * client rotating keys cannot grow memory:
 *
 * - A full bucket is identical to a new one, so it is dropped: each call sweeps a few full
 *   buckets off the least-recently-used end, and {@link KeyedLimiter.sweep} drops them all.
 * - At `maxKeys`, a new key evicts the least recently used one even if it is not full. That key
 *   is forgiven (it starts again with a full bucket): the memory bound wins over precision.
 *   {@link KeyedLimiter.lossyEvictions} counts these, so a flood can be noticed and logged.
 */
export interface KeyedLimiterOptions {
  /** Burst per key: tokens a key's new bucket holds. */
  capacity: number;
  /** Tokens regained per second per key. */
  refillPerSecond: number;
  /** Most keys tracked at once (≥ 1). Memory ≈ maxKeys × (key length + ~200 bytes). */
  maxKeys: number;
  /** Clock in milliseconds. */
  now: () => number;
}

// Full buckets examined per call: keeps each call O(1) while idle keys drain steadily.
const SWEEP_PER_CALL = 4;

export class KeyedLimiter implements RateLimiter {
  private readonly buckets = new Map<string, TokenBucket>();
  private lossy = 0;

  constructor(private readonly options: KeyedLimiterOptions) {
    if (!(Number.isInteger(options.maxKeys) && options.maxKeys >= 1)) {
      throw new RangeError(
        `KeyedLimiter maxKeys must be a whole number ≥ 1; got ${options.maxKeys}.`,
      );
    }
    // Fail at construction, not on the first request, when the rates are invalid.
    new TokenBucket(options);
  }

  /** Takes `n` tokens from `key`'s bucket; see {@link TokenBucket.tryTake}. */
  tryTake(key: string, n = 1): TakeResult {
    let bucket = this.buckets.get(key);
    if (bucket) {
      // Re-inserting moves the key to the most-recently-used end of the map's order.
      this.buckets.delete(key);
    } else {
      this.sweep(SWEEP_PER_CALL);
      if (this.buckets.size >= this.options.maxKeys) this.evictLeastRecentlyUsed();
      bucket = new TokenBucket(this.options);
    }
    this.buckets.set(key, bucket);
    return bucket.tryTake(n);
  }

  /**
   * Drops full buckets, least recently used first, stopping at the first one that is not full or
   * after `limit` drops. Returns how many were dropped. Optional: calls sweep a little already.
   */
  sweep(limit = Number.POSITIVE_INFINITY): number {
    let dropped = 0;
    for (const [key, bucket] of this.buckets) {
      if (dropped >= limit || !bucket.isFull()) break;
      this.buckets.delete(key);
      dropped++;
    }
    return dropped;
  }

  /** Forgets `key` (e.g. after a successful sign-in, to reset its failure budget). */
  delete(key: string): void {
    this.buckets.delete(key);
  }

  /** Keys tracked now. Never above `maxKeys`. */
  get size(): number {
    return this.buckets.size;
  }

  /** How many keys were evicted while still limited (their bucket not full) since creation. */
  get lossyEvictions(): number {
    return this.lossy;
  }

  private evictLeastRecentlyUsed(): void {
    for (const [key, bucket] of this.buckets) {
      if (!bucket.isFull()) this.lossy++;
      this.buckets.delete(key);
      return;
    }
  }
}
