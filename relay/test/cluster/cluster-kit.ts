import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JWT_RELAY } from '../jwt-kit.ts';
import { freePort, RelayProcess, TEST_RELAY_ENV } from '../relay-process.ts';
import { RedisServer, type LoadBalancer } from './daemons.ts';

/** Relays (three unless a test asks for another number) on one Redis and one PostgreSQL. */
export interface Cluster {
  dir: string;
  redis: RedisServer;
  relays: RelayProcess[];
  /** The keys of this cluster's Redis: its own, so that clusters never meet. */
  prefix: string;
}

/**
 * What the cluster tests' relays run with: jwt mode (behind a proxy a dev-mode relay serves
 * nobody), this cluster's Redis keys, leases renewed every 2 s, no drain on SIGTERM.
 */
export function clusterRelayEnv(
  cluster: { postgres: string; redisUrl: string; prefix: string },
  id: string,
): Record<string, string> {
  return {
    ...TEST_RELAY_ENV,
    ...JWT_RELAY,
    DATABASE_URL: cluster.postgres,
    REDIS_URL: cluster.redisUrl,
    RELAY_ID: id,
    REDIS_KEY_PREFIX: cluster.prefix,
    TRUST_PROXY: '1',
    MAX_SESSIONS_PER_USER: '2',
    // Every test is the same user from the same address; the rate limits have their own tests.
    NEW_SESSIONS_PER_MINUTE: '100',
    CONNECTIONS_PER_IP_BURST: '200',
    RESUME_GRACE_S: '120',
    // Leases renewed every 2 s (a third of it): what a relay notices of a session another one
    // took is noticed within that.
    CLUSTER_LEASE_S: '6',
    SHUTDOWN_DRAIN_S: '0',
    // The embedded voice at a price, so that turns cost something.
    PRICING_JSON: JSON.stringify({ tts: { flite: { usdPerMillionCharacters: 1000 } } }),
  };
}

/** How many relays a cluster has unless a test says: more than two (issue 63, item 7). */
export const CLUSTER_RELAYS = 3;

/** The id (`RELAY_ID`) of a cluster's `index`-th relay: `relay-a`, `relay-b`, `relay-c`, … */
export const relayId = (index: number) => `relay-${String.fromCharCode(97 + index)}`;

/** What {@link startCluster} starts besides Redis. */
export interface ClusterOptions {
  /** Relays started (default {@link CLUSTER_RELAYS}); a test where two is the point asks for 2. */
  relays?: number;
  /** Settings of relay `id` over {@link clusterRelayEnv}. */
  env?: (id: string, redis: RedisServer) => Promise<Record<string, string>>;
}

/**
 * Starts Redis, `options.relays` relays (`relay-a`, `relay-b`, `relay-c`, …) on `postgres`
 * (each with `options.env(id)` over {@link clusterRelayEnv}) and `balancers` in front of all.
 */
export async function startCluster(
  postgres: string,
  balancers: LoadBalancer[],
  options: ClusterOptions = {},
): Promise<Cluster> {
  const { relays = CLUSTER_RELAYS, env = () => Promise.resolve({}) } = options;
  const dir = mkdtempSync(join(tmpdir(), 'parley-cluster-'));
  const redis = new RedisServer();
  const prefix = `cluster-${Date.now()}-${Math.random().toString(36).slice(2, 8)}:`;
  const cluster: Cluster = { dir, redis, relays: [], prefix };
  try {
    await redis.start(dir);
    for (const id of Array.from({ length: relays }, (_, i) => relayId(i)))
      cluster.relays.push(
        new RelayProcess(await freePort(), {
          ...clusterRelayEnv({ postgres, redisUrl: redis.url, prefix }, id),
          ...(await env(id, redis)),
        }),
      );
    await Promise.all(cluster.relays.map((r) => r.start()));
    for (const balancer of balancers)
      await balancer.start(
        dir,
        cluster.relays.map((r) => r.port),
      );
  } catch (err) {
    await stopCluster(cluster, balancers);
    throw err;
  }
  return cluster;
}

/** Stops everything {@link startCluster} started (relays with SIGKILL: nothing to save). */
export async function stopCluster(
  cluster: Cluster | undefined,
  balancers: LoadBalancer[],
): Promise<void> {
  if (!cluster) return;
  await Promise.allSettled(cluster.relays.map((r) => r.stop('SIGKILL')));
  await Promise.allSettled(balancers.map((b) => b.stop()));
  await cluster.redis.stop();
  rmSync(cluster.dir, { recursive: true, force: true });
}

/** Sessions each relay holds now (its /health); -1 for one that does not answer. */
export async function held(relays: RelayProcess[]): Promise<number[]> {
  return Promise.all(
    relays.map((r) =>
      fetch(`${r.url}/health`).then(
        async (res) => ((await res.json()) as { sessions: number }).sessions,
        () => -1,
      ),
    ),
  );
}
