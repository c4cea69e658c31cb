import type { UserSpend } from '../shared-state.ts';
import type { ParleyRedis } from './redis-client.ts';

/** A day's total is kept two days (a day ends at different times for different relays' clocks). */
const KEEP_S = 2 * 86_400;

/** Per-user daily spend (integer micro-dollars) in Redis, added to atomically by every relay. */
export class RedisUserSpend implements UserSpend {
  constructor(
    private readonly redis: ParleyRedis,
    private readonly prefix: string,
  ) {}

  async add(userId: string, day: string, micros: number): Promise<number> {
    const key = `${this.prefix}${day}:${userId}`;
    const [[err, total]] = (await this.redis
      .multi()
      .incrby(key, Math.round(micros))
      .expire(key, KEEP_S)
      .exec()) as [[Error | null, number]];
    if (err) throw err;
    return total;
  }

  async get(userId: string, day: string): Promise<number> {
    return Number((await this.redis.get(`${this.prefix}${day}:${userId}`)) ?? 0);
  }
}
