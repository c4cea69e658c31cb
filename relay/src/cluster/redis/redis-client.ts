import { Redis } from 'ioredis';
import type { Logger } from '../../log/logger.ts';
import {
  ACQUIRE_OWNER,
  ACQUIRE_SLOT,
  COUNT_SLOTS,
  DETACH_SLOT,
  REATTACH_SLOT,
  RELEASE_OWNER,
  RENEW_OWNERS,
  RENEW_SLOTS,
  TAKE_TOKENS,
} from './scripts.ts';

/** The Redis commands the shared state adds (Lua scripts, see scripts.ts). */
export interface ParleyRedis extends Redis {
  takeTokens(
    key: string,
    capacity: number,
    perSecond: number,
    n: number,
  ): Promise<[number, number]>;
  acquireSlot(
    slotsKey: string,
    waitingKey: string,
    sessionId: string,
    max: number,
    leaseMs: number,
    takenPrefix: string,
  ): Promise<[number, string]>;
  detachSlot(
    slotsKey: string,
    waitingKey: string,
    sessionId: string,
    leaseMs: number,
  ): Promise<number>;
  reattachSlot(
    slotsKey: string,
    waitingKey: string,
    sessionId: string,
    leaseMs: number,
    takenPrefix: string,
  ): Promise<number>;
  countSlots(key: string): Promise<number>;
  renewSlots(numKeys: number, ...keysThenArgs: (string | number)[]): Promise<number[]>;
  acquireOwner(key: string, relayId: string, leaseMs: number, alivePrefix: string): Promise<string>;
  renewOwners(numKeys: number, ...keysThenArgs: (string | number)[]): Promise<number[]>;
  releaseOwner(key: string, relayId: string): Promise<number>;
}

/**
 * Connects to `url` and registers the scripts. Commands fail after `commandTimeoutMs` rather
 * than hang a handshake; the client reconnects by itself (with backoff) when Redis comes back.
 */
export async function connectRedis(
  url: string,
  log: Logger,
  options: { commandTimeoutMs?: number; name: string },
): Promise<ParleyRedis> {
  const redis = new Redis(url, {
    lazyConnect: true,
    connectTimeout: 3000,
    commandTimeout: options.commandTimeoutMs ?? 2000,
    maxRetriesPerRequest: 1,
    connectionName: options.name,
    retryStrategy: (attempt) => Math.min(100 * 2 ** attempt, 2000),
  });
  let reported = false;
  // Refused at sign-in, the client closes: the error it threw then says only that.
  const last: { error: Error | null } = { error: null };
  redis.on('error', (err: Error) => {
    last.error = err;
    // ioredis emits an error per failed reconnect: log the first of each outage only.
    if (!reported) log.error({ err: err.message }, 'Redis connection error');
    reported = true;
  });
  redis.on('ready', () => {
    if (reported) log.warn('Redis connection restored');
    reported = false;
  });
  const commands = {
    takeTokens: [1, TAKE_TOKENS],
    acquireSlot: [2, ACQUIRE_SLOT],
    detachSlot: [2, DETACH_SLOT],
    reattachSlot: [2, REATTACH_SLOT],
    countSlots: [1, COUNT_SLOTS],
    renewSlots: [undefined, RENEW_SLOTS],
    acquireOwner: [1, ACQUIRE_OWNER],
    renewOwners: [undefined, RENEW_OWNERS],
    releaseOwner: [1, RELEASE_OWNER],
  } as const;
  for (const [name, [numberOfKeys, lua]] of Object.entries(commands))
    redis.defineCommand(name, numberOfKeys === undefined ? { lua } : { numberOfKeys, lua });
  try {
    await redis.connect();
    await redis.ping();
  } catch (err) {
    redis.disconnect();
    const where = url.replace(/\/\/[^@/]*@/, '//…@');
    const refusal = /NOAUTH|WRONGPASS|NOPERM/;
    const thrown = err instanceof Error ? err.message : String(err);
    const why = [thrown, last.error?.message ?? ''].find((m) => refusal.test(m)) ?? thrown;
    // Redis answered, but not to this relay: its password (or user) is not the one Redis has.
    if (refusal.test(why))
      throw new Error(
        `Redis at ${where} refused the relay (REDIS_URL): ${why}. Put the user and password Redis has in REDIS_URL: redis://USER:PASSWORD@host:6379 (or redis://:PASSWORD@host:6379 with requirepass).`,
        { cause: err },
      );
    throw new Error(
      `Cannot reach Redis at ${where} (REDIS_URL): ${why}. Start Redis or unset REDIS_URL to run a single relay.`,
      { cause: err },
    );
  }
  return redis as ParleyRedis;
}
