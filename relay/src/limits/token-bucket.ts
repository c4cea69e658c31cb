/**
 * A token bucket: holds up to `capacity` tokens, gains `refillPerSecond` of them continuously, and
 * each action takes some. A full bucket allows a burst of `capacity` actions; after that, actions
 * pass at the refill rate. Pure: the clock is injected and nothing is scheduled, so tests drive
 * time by hand.
 */
export interface TokenBucketOptions {
  /** Most tokens the bucket holds: the burst allowed after a quiet spell. A new bucket is full. */
  capacity: number;
  /** Tokens regained per second, up to `capacity` (> 0). */
  refillPerSecond: number;
  /** Clock in milliseconds. Any epoch: only differences matter; going backwards is ignored. */
  now: () => number;
}

/** Outcome of {@link TokenBucket.tryTake}. */
export type TakeResult = { ok: true } | { ok: false; retryAfterMs: number };

const TAKEN: TakeResult = { ok: true };

// Refill arithmetic is fractional; without this slack, 0.1 + 0.2 tokens would not make 0.3.
const EPSILON = 1e-9;

export class TokenBucket {
  readonly capacity: number;
  readonly refillPerSecond: number;
  private readonly now: () => number;
  private tokens: number;
  private updatedAtMs: number;

  constructor(options: TokenBucketOptions) {
    assertRate('capacity', options.capacity);
    assertRate('refillPerSecond', options.refillPerSecond);
    this.capacity = options.capacity;
    this.refillPerSecond = options.refillPerSecond;
    this.now = options.now;
    this.tokens = options.capacity;
    this.updatedAtMs = options.now();
  }

  /**
   * Takes `n` tokens if the bucket holds them. Otherwise takes nothing and says how long until
   * it will (ms, at least 1): retrying after that succeeds if nothing else took tokens meanwhile.
   * Throws a `RangeError` when `n` is negative or above `capacity` (it could never succeed).
   */
  tryTake(n = 1): TakeResult {
    if (!(n >= 0 && n <= this.capacity)) {
      throw new RangeError(`Cannot take ${n} tokens from a bucket of ${this.capacity}.`);
    }
    this.refill();
    if (this.tokens + EPSILON >= n) {
      this.tokens = Math.max(0, this.tokens - n);
      return TAKEN;
    }
    const missing = n - this.tokens;
    const retryAfterMs = Math.ceil((missing * 1000) / this.refillPerSecond - EPSILON);
    return { ok: false, retryAfterMs: Math.max(1, retryAfterMs) };
  }

  /** Tokens available now (fractional). */
  available(): number {
    this.refill();
    return this.tokens;
  }

  /** True when the bucket is full: it behaves exactly like a new one, so it can be forgotten. */
  isFull(): boolean {
    return this.available() + EPSILON >= this.capacity;
  }

  private refill(): void {
    const nowMs = this.now();
    const elapsedMs = nowMs - this.updatedAtMs;
    if (!(elapsedMs > 0)) return;
    this.tokens = Math.min(this.capacity, this.tokens + (elapsedMs * this.refillPerSecond) / 1000);
    this.updatedAtMs = nowMs;
  }
}

function assertRate(name: string, value: number): void {
  if (!(Number.isFinite(value) && value > 0)) {
    throw new RangeError(`TokenBucket ${name} must be a positive number; got ${value}.`);
  }
}
