import type { Logger } from '../../log/logger.ts';
import type { Release } from '../../limits/concurrency.ts';
import type { SessionSlots } from '../../limits/session-slots.ts';
import type { ParleyRedis } from './redis-client.ts';
import { orUnavailable } from './redis-errors.ts';

/** Scripts renewing many leases take this many keys per call. */
const RENEW_BATCH = 500;

/** Where one user's slots live. */
interface UserKeys {
  /** Sorted set: session id → lease end. */
  slots: string;
  /** Sorted set: session id → when it lost its connection (waiting for a resume). */
  waiting: string;
}

/**
 * Per-user session slots shared by every relay: a sorted set per user, session id → lease end,
 * and beside it the user's sessions waiting for a resume (see `ACQUIRE_SLOT` in scripts.ts for
 * how a newer session takes over the slot of one of them). This relay renews the leases of the
 * slots it holds; a relay that dies stops renewing, so its slots come back after one lease. A
 * session whose slot another relay took over is found at the next renewal and handed to the
 * {@link onTakenOver} handler.
 */
export class RedisSessionSlots implements SessionSlots {
  /** Slots this relay holds: session id → its user's keys. */
  private readonly held = new Map<string, UserKeys>();
  private takenOver: (sessionId: string) => void = () => {};

  constructor(
    private readonly redis: ParleyRedis,
    /** The deployment's key prefix (`REDIS_KEY_PREFIX`). */
    private readonly prefix: string,
    readonly maxPerUser: number,
    private readonly leaseMs: number,
    private readonly log: Logger,
  ) {}

  async acquire(userId: string, sessionId: string): Promise<Release | null> {
    const keys = this.keysOf(userId);
    const [got, taken] = await orUnavailable(
      this.redis.acquireSlot(
        keys.slots,
        keys.waiting,
        sessionId,
        this.maxPerUser,
        this.leaseMs,
        this.takenPrefix,
      ),
    );
    if (got !== 1) return null;
    this.held.set(sessionId, keys);
    if (taken !== '') {
      this.log.info({ sessionId: taken, by: sessionId }, 'a newer session took a waiting slot');
      // Another relay's session is ended there, when it renews.
      if (this.held.delete(taken)) this.takenOver(taken);
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      if (this.held.get(sessionId) === keys) this.held.delete(sessionId);
      this.redis
        .multi()
        .zrem(keys.slots, sessionId)
        .zrem(keys.waiting, sessionId)
        .exec()
        .catch((err: unknown) => {
          // The lease runs out by itself: the slot comes back late, never leaks.
          this.log.warn({ err: String(err), sessionId }, 'could not release a session slot');
        });
    };
  }

  async atUserLimit(userId: string): Promise<boolean> {
    const keys = this.keysOf(userId);
    return (await orUnavailable(this.redis.countSlots(keys.slots))) >= this.maxPerUser;
  }

  async detached(userId: string, sessionId: string): Promise<void> {
    const keys = this.keysOf(userId);
    await orUnavailable(this.redis.detachSlot(keys.slots, keys.waiting, sessionId, this.leaseMs));
  }

  async reattached(userId: string, sessionId: string): Promise<boolean> {
    const keys = this.keysOf(userId);
    const ok = await orUnavailable(
      this.redis.reattachSlot(keys.slots, keys.waiting, sessionId, this.leaseMs, this.takenPrefix),
    );
    if (ok === 1) return true;
    // Another relay's newer session took the slot before this relay's renewal noticed.
    if (this.held.delete(sessionId)) this.takenOver(sessionId);
    return false;
  }

  onTakenOver(handler: (sessionId: string) => void): void {
    this.takenOver = handler;
  }

  /**
   * Extends the lease of every slot this relay holds; hands the sessions whose slot another
   * relay took over to the {@link onTakenOver} handler.
   */
  async renew(): Promise<void> {
    const entries = [...this.held];
    for (let i = 0; i < entries.length; i += RENEW_BATCH) {
      const batch = entries.slice(i, i + RENEW_BATCH);
      const taken = await this.redis.renewSlots(
        batch.length * 2,
        ...batch.map(([, keys]) => keys.slots),
        ...batch.map(([, keys]) => keys.waiting),
        this.leaseMs,
        this.takenPrefix,
        ...batch.map(([sessionId]) => sessionId),
      );
      for (const index of taken) {
        const sessionId = batch[index - 1]?.[0];
        if (sessionId !== undefined && this.held.delete(sessionId)) this.takenOver(sessionId);
      }
    }
  }

  private keysOf(userId: string): UserKeys {
    return { slots: `${this.prefix}slots:${userId}`, waiting: `${this.prefix}waiting:${userId}` };
  }

  /** Prefix of the marks of sessions whose slot was taken over (one lease each). */
  private get takenPrefix(): string {
    return `${this.prefix}slot-taken:`;
  }
}
