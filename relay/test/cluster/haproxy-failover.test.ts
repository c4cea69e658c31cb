import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { TalkClient } from '../../src/talk/client.ts';
import { token } from '../jwt-kit.ts';
import type { RelayProcess } from '../relay-process.ts';
import { TcpProxy } from '../tcp-proxy.ts';
import { held, startCluster, stopCluster, type Cluster } from './cluster-kit.ts';
import { clusterSkipReason } from './daemons.ts';
import { HAProxy, relayServerName } from './haproxy.ts';

const postgres =
  process.env.TEST_DATABASE_URL || (inject('testDatabaseUrl') as string | null | undefined) || null;
const skip =
  clusterSkipReason(['redis-server', 'haproxy']) ??
  (postgres ? null : 'no PostgreSQL (PARLEY_TEST_POSTGRES=1)');

/** A new session through HAProxy for a user of its own (each user may hold two). */
async function openSession(haproxy: HAProxy, user: string): Promise<TalkClient> {
  return TalkClient.connect(`${haproxy.url.replace('http', 'ws')}/ws`, {
    token: await token(user),
    heartbeatMs: 1000,
  });
}

describe.skipIf(skip !== null)(
  `HAProxy's GET /ready checks in front of two relays${skip ? ` (SKIPPED: ${skip})` : ''}`,
  () => {
    const haproxy = new HAProxy();
    let cluster: Cluster;
    let relays: RelayProcess[] = [];
    let a: RelayProcess;
    let b: RelayProcess;
    /** Relay A's way to Redis: cut, A stays alive and answers /ready 503. */
    let redisPath: TcpProxy | null = null;
    let users = 0;
    const states = async () => {
      const all = await haproxy.serverStates();
      return relays.map((r) => all[relayServerName(r.port)]);
    };

    beforeAll(async () => {
      // Two: what one relay's checks do to where sessions go is plainest beside one other.
      cluster = await startCluster(postgres ?? '', [haproxy], {
        relays: 2,
        env: async (id, redis) => {
          if (id !== 'relay-a') return {};
          redisPath = new TcpProxy(redis.port);
          return { REDIS_URL: `redis://127.0.0.1:${await redisPath.listen()}` };
        },
      });
      relays = cluster.relays;
      [a, b] = relays as [RelayProcess, RelayProcess];
    }, 90_000);

    afterAll(async () => {
      await stopCluster(cluster, [haproxy]);
      await redisPath?.close();
    });

    it('a relay that is alive but not ready gets no new session until it is ready again', async () => {
      await expect.poll(states).toEqual(['UP', 'UP']);
      // Relay A loses Redis: alive (/health 200), not ready (/ready 503).
      redisPath?.blackhole();
      await expect.poll(async () => (await fetch(`${a.url}/ready`)).status).toBe(503);
      expect((await fetch(`${a.url}/health`)).status).toBe(200);
      await expect.poll(states).toEqual(['DOWN', 'UP']);
      // leastconn would pick A (no connections) for each of these: every one goes to B.
      const clients = [];
      for (let i = 0; i < 4; i++) clients.push(await openSession(haproxy, `ready-${++users}`));
      expect(await held(relays)).toEqual([0, 4]);
      for (const c of clients) c.close();
      await expect.poll(() => held(relays)).toEqual([0, 0]);
      // Redis back: A is ready, HAProxy sends to it again.
      redisPath?.restore();
      await expect.poll(states).toEqual(['UP', 'UP']);
      const again = [];
      for (let i = 0; i < 4; i++) again.push(await openSession(haproxy, `ready-${++users}`));
      expect((await held(relays))[0]).toBeGreaterThan(0);
      for (const c of again) c.close();
      await expect.poll(() => held(relays)).toEqual([0, 0]);
    }, 90_000);

    it('kill -9 a relay: the next sessions go to the other one, none fails, and its check marks it down', async () => {
      await expect.poll(states).toEqual(['UP', 'UP']);
      const before = await haproxy.redispatched();
      expect((await a.stop('SIGKILL')).signal).toBe('SIGKILL');
      // At once, before two checks can fail: HAProxy still has A up and leastconn picks it
      // (no connections) for every other session; each is refused there and sent to B.
      const clients = [];
      for (let i = 0; i < 4; i++) clients.push(await openSession(haproxy, `kill-${++users}`));
      expect(clients.every((c) => c.ready.sessionId !== '')).toBe(true);
      expect(await held([b])).toEqual([4]);
      expect(await haproxy.redispatched()).toBeGreaterThan(before);
      await expect.poll(states).toEqual(['DOWN', 'UP']);
      for (const c of clients) c.close();
      await expect.poll(() => held([b])).toEqual([0]);
    }, 90_000);
  },
);
