import type { LimitsConfig } from '../limits/limits-config.ts';
import type { Logger } from '../log/logger.ts';
import type { ClusterConfig } from './cluster-config.ts';
import { createMemoryState } from './memory-state.ts';
import { createRedisState } from './redis/redis-state.ts';
import type { SharedState } from './shared-state.ts';

export type { ClusterConfig } from './cluster-config.ts';
export type { SharedState, Tickets } from './shared-state.ts';

/** The shared state this relay runs with: Redis when `REDIS_URL` is set, else its own memory. */
export async function openSharedState(options: {
  cluster: ClusterConfig;
  limits: LimitsConfig;
  ticketTtlMs: number;
  journalTtlMs: number;
  log: Logger;
  now: () => number;
}): Promise<SharedState> {
  const { cluster } = options;
  if (cluster.redisUrl === null)
    return createMemoryState({
      relayId: cluster.relayId,
      limits: options.limits,
      ticketTtlMs: options.ticketTtlMs,
      now: options.now,
    });
  return createRedisState({ ...options, cluster: { ...cluster, redisUrl: cluster.redisUrl } });
}
