import type { Redis } from 'ioredis';
import type { Logger } from '../../log/logger.ts';
import type { SessionOwnership } from '../shared-state.ts';
import type { ParleyRedis } from './redis-client.ts';
import { orUnavailable } from './redis-errors.ts';

const RENEW_BATCH = 500;
const POLL_MS = 50;
/** Ask the holder again this often while waiting (a message can be lost while it reconnects). */
const ASK_AGAIN_MS = 1000;

export interface RedisOwnershipOptions {
  relayId: string;
  prefix: string;
  /** How long a session stays owned without renewal. */
  leaseMs: number;
  /** How long `acquire` waits for another relay to hand a session over. */
  takeoverTimeoutMs: number;
  /** How long this relay counts as alive without a heartbeat (a few heartbeats). */
  aliveMs: number;
  log: Logger;
}

/**
 * Which relay owns which live session, in Redis: `owner:<session>` holds the relay id with a
 * lease this relay renews; `alive:<relay>` is the relay's heartbeat. Taking a session another
 * relay holds:
 *  - that relay is alive → it is asked (pub/sub on `handover:<relay>`) to save the session and
 *    let go, and the taker waits for the key to be free;
 *  - that relay is dead (no heartbeat) → the session is taken at once: its saved state is in
 *    the database, and the client replays what was not acknowledged.
 */
export class RedisOwnership implements SessionOwnership {
  private readonly owned = new Set<string>();
  private handler: ((sessionId: string) => Promise<void>) | null = null;

  constructor(
    private readonly redis: ParleyRedis,
    private readonly subscriber: Redis,
    private readonly options: RedisOwnershipOptions,
  ) {}

  /** Starts listening for hand-over requests addressed to this relay. */
  async listen(): Promise<void> {
    await this.subscriber.subscribe(this.channel(this.options.relayId));
    this.subscriber.on('message', (_channel: string, sessionId: string) => {
      void this.handOver(sessionId);
    });
  }

  onHandOver(handler: (sessionId: string) => Promise<void>): void {
    this.handler = handler;
  }

  async acquire(sessionId: string): Promise<boolean> {
    const { relayId, leaseMs, takeoverTimeoutMs, log } = this.options;
    const deadline = Date.now() + takeoverTimeoutMs;
    let askedAt = -Infinity;
    for (;;) {
      const holder = await orUnavailable(
        this.redis.acquireOwner(this.ownerKey(sessionId), relayId, leaseMs, this.aliveKey('')),
      );
      if (holder === '') {
        this.owned.add(sessionId);
        return true;
      }
      const now = Date.now();
      if (now >= deadline) {
        log.warn({ sessionId, holder }, 'the relay holding a session did not hand it over');
        return false;
      }
      if (now - askedAt >= ASK_AGAIN_MS) {
        askedAt = now;
        log.info({ sessionId, holder }, 'asking another relay to hand a session over');
        await orUnavailable(this.redis.publish(this.channel(holder), sessionId));
      }
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
  }

  async release(sessionId: string): Promise<void> {
    if (!this.owned.delete(sessionId)) return;
    try {
      await this.redis.releaseOwner(this.ownerKey(sessionId), this.options.relayId);
    } catch (err) {
      // The lease lapses by itself; another relay waits at most that long.
      this.options.log.warn({ err: String(err), sessionId }, 'could not release a session');
    }
  }

  /** This relay is alive (its heartbeat). */
  async heartbeat(): Promise<void> {
    await this.redis.set(this.aliveKey(this.options.relayId), '1', 'PX', this.options.aliveMs);
  }

  /** Renews this relay's leases; returns the sessions it turned out to have lost. */
  async renew(): Promise<string[]> {
    const { relayId, leaseMs } = this.options;
    const ids = [...this.owned];
    const lost: string[] = [];
    for (let i = 0; i < ids.length; i += RENEW_BATCH) {
      const batch = ids.slice(i, i + RENEW_BATCH);
      const gone = await this.redis.renewOwners(
        batch.length,
        ...batch.map((id) => this.ownerKey(id)),
        relayId,
        leaseMs,
      );
      for (const index of gone) {
        const id = batch[index - 1];
        if (id !== undefined) lost.push(id);
      }
    }
    return lost;
  }

  /** This relay stops: it is no longer alive (its sessions were saved and released). */
  async stop(): Promise<void> {
    await this.subscriber.unsubscribe().catch(() => {});
    await this.redis.del(this.aliveKey(this.options.relayId)).catch(() => {});
  }

  private async handOver(sessionId: string): Promise<void> {
    if (!this.owned.has(sessionId)) return;
    this.options.log.info({ sessionId }, 'handing a session over to another relay');
    try {
      await this.handler?.(sessionId);
    } catch (err) {
      this.options.log.error({ err: String(err), sessionId }, 'could not hand a session over');
    }
    await this.release(sessionId);
  }

  private ownerKey(sessionId: string): string {
    return `${this.options.prefix}owner:${sessionId}`;
  }

  private aliveKey(relayId: string): string {
    return `${this.options.prefix}alive:${relayId}`;
  }

  private channel(relayId: string): string {
    return `${this.options.prefix}handover:${relayId}`;
  }
}
