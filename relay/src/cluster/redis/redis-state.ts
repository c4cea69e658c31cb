import type { LimitsConfig } from '../../limits/limits-config.ts';
import type { Logger } from '../../log/logger.ts';
import type { ClusterConfig } from '../cluster-config.ts';
import type { SharedState } from '../shared-state.ts';
import { connectRedis } from './redis-client.ts';
import { RedisJournals } from './redis-journals.ts';
import { RedisOwnership } from './redis-ownership.ts';
import { RedisRateLimiter } from './redis-rate-limiter.ts';
import { RedisSessionSlots } from './redis-session-slots.ts';
import { RedisTickets } from './redis-tickets.ts';
import { RedisUserSpend } from './redis-user-spend.ts';

/** A relay that misses three heartbeats is taken for dead. */
const HEARTBEAT_MS = 1000;
const ALIVE_MS = 3 * HEARTBEAT_MS;

/**
 * The state several relays share through Redis (`REDIS_URL`): rate limits, session slots and
 * tickets in atomic scripts, session ownership with leases and hand-over. Beats this relay's
 * heartbeat every second and renews its leases three times per lease.
 */
export async function createRedisState(options: {
  cluster: ClusterConfig & { redisUrl: string };
  limits: LimitsConfig;
  ticketTtlMs: number;
  /** How long a saved output journal waits for its session's resume. */
  journalTtlMs: number;
  log: Logger;
}): Promise<SharedState> {
  const { cluster, limits, log } = options;
  const p = cluster.keyPrefix;
  const redis = await connectRedis(cluster.redisUrl, log, { name: `parley-${cluster.relayId}` });
  const subscriber = redis.duplicate();
  // Outages are reported once by the main connection; the subscriber reconnects with it.
  subscriber.on('error', () => {});
  const slots = new RedisSessionSlots(redis, p, limits.maxSessionsPerUser, cluster.leaseMs, log);
  const ownership = new RedisOwnership(redis, subscriber, {
    relayId: cluster.relayId,
    prefix: p,
    leaseMs: cluster.leaseMs,
    takeoverTimeoutMs: cluster.takeoverTimeoutMs,
    aliveMs: ALIVE_MS,
    log,
  });
  await ownership.listen();

  // Heartbeat every second; leases (one script per 500 sessions) three times per lease.
  const renewEvery = Math.max(1, Math.floor(cluster.leaseMs / 3 / HEARTBEAT_MS));
  let beats = 0;
  let renewing = false;
  const renew = async () => {
    if (renewing) return;
    renewing = true;
    try {
      await ownership.heartbeat();
      if (beats++ % renewEvery !== 0) return;
      for (const id of await ownership.renew()) {
        // Only after this relay stalled past its heartbeat and a client resumed elsewhere.
        log.error({ sessionId: id }, 'another relay took over a session this relay still held');
      }
      await slots.renew();
    } catch (err) {
      log.warn({ err: String(err) }, 'could not renew leases in Redis');
    } finally {
      renewing = false;
    }
  };
  await renew();
  const timer = setInterval(() => void renew(), HEARTBEAT_MS);
  timer.unref();

  return {
    kind: 'redis',
    relayId: cluster.relayId,
    connectionsPerIp: new RedisRateLimiter(redis, `${p}rate:ip:`, limits.connectionsPerIp),
    newSessionsPerUser: new RedisRateLimiter(redis, `${p}rate:user:`, limits.newSessionsPerUser),
    sessionSlots: slots,
    tickets: new RedisTickets(redis, `${p}ticket:`, options.ticketTtlMs),
    ownership,
    userSpend: new RedisUserSpend(redis, `${p}spend:`),
    journals: new RedisJournals(redis, `${p}journal:`, options.journalTtlMs, log),
    ping: () =>
      redis.ping().then(
        () => true,
        () => false,
      ),
    close: async () => {
      clearInterval(timer);
      await ownership.stop();
      subscriber.disconnect();
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
