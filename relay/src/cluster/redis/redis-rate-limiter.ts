import type { RateLimiter } from '../../limits/keyed-limiter.ts';
import type { RateSettings } from '../../limits/limits-config.ts';
import type { TakeResult } from '../../limits/token-bucket.ts';
import { orUnavailable } from './redis-errors.ts';
import type { ParleyRedis } from './redis-client.ts';

/** A token bucket per key in Redis, shared by every relay (one atomic script per take). */
export class RedisRateLimiter implements RateLimiter {
  constructor(
    private readonly redis: ParleyRedis,
    private readonly prefix: string,
    private readonly settings: RateSettings,
  ) {}

  async tryTake(key: string): Promise<TakeResult> {
    const [ok, retryAfterMs] = await orUnavailable(
      this.redis.takeTokens(
        this.prefix + key,
        this.settings.capacity,
        this.settings.refillPerSecond,
        1,
      ),
    );
    return ok === 1 ? { ok: true } : { ok: false, retryAfterMs };
  }
}
