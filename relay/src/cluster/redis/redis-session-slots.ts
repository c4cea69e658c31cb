import type { Logger } from '../../log/logger.ts';
import type { Release } from '../../limits/concurrency.ts';
import type { SessionSlots } from '../shared-state.ts';
import type { ParleyRedis } from './redis-client.ts';
import { orUnavailable } from './redis-errors.ts';

/** Scripts renewing many leases take this many keys per call. */
const RENEW_BATCH = 500;

/**
 * Per-user session slots shared by every relay: a sorted set per user, session id → lease end.
 * This relay renews the leases of the slots it holds; a relay that dies stops renewing, so its
 * slots come back after one lease.
 */
export class RedisSessionSlots implements SessionSlots {
  /** Slots this relay holds: session id → its user's key. */
  private readonly held = new Map<string, string>();

  constructor(
    private readonly redis: ParleyRedis,
    private readonly prefix: string,
    readonly maxPerUser: number,
    private readonly leaseMs: number,
    private readonly log: Logger,
  ) {}

  async acquire(userId: string, sessionId: string): Promise<Release | null> {
    const key = this.prefix + userId;
    const got = await orUnavailable(
      this.redis.acquireSlot(key, sessionId, this.maxPerUser, this.leaseMs),
    );
    if (got !== 1) return null;
    this.held.set(sessionId, key);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.held.delete(sessionId);
      this.redis.zrem(key, sessionId).catch((err: unknown) => {
        // The lease runs out by itself: the slot comes back late, never leaks.
        this.log.warn({ err: String(err), sessionId }, 'could not release a session slot');
      });
    };
  }

  async atUserLimit(userId: string): Promise<boolean> {
    return (await orUnavailable(this.redis.countSlots(this.prefix + userId))) >= this.maxPerUser;
  }

  /** Extends the lease of every slot this relay holds. */
  async renew(): Promise<void> {
    const entries = [...this.held];
    for (let i = 0; i < entries.length; i += RENEW_BATCH) {
      const batch = entries.slice(i, i + RENEW_BATCH);
      await this.redis.renewSlots(
        batch.length,
        ...batch.map(([, key]) => key),
        this.leaseMs,
        ...batch.map(([sessionId]) => sessionId),
      );
    }
  }
}
