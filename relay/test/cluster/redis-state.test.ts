import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadClusterConfig } from '../../src/cluster/cluster-config.ts';
import { createRedisState } from '../../src/cluster/redis/redis-state.ts';
import type { SharedState } from '../../src/cluster/shared-state.ts';
import { RelayError } from '../../src/errors.ts';
import { loadLimitsConfig } from '../../src/limits/limits-config.ts';
import { logger } from '../../src/log/logger.ts';
import { clusterSkipReason, RedisServer } from './daemons.ts';

const skip = clusterSkipReason();
const redis = new RedisServer();
const dir = mkdtempSync(join(tmpdir(), 'parley-redis-'));
const states: SharedState[] = [];
let prefixes = 0;

/** A relay's shared state against the test Redis; every test gets its own key prefix. */
async function relayState(
  relayId: string,
  prefix: string,
  env: Record<string, string> = {},
): Promise<SharedState> {
  const cluster = loadClusterConfig({
    REDIS_URL: redis.url,
    RELAY_ID: relayId,
    REDIS_KEY_PREFIX: prefix,
    ...env,
  });
  const state = await createRedisState({
    cluster: { ...cluster, redisUrl: redis.url },
    limits: loadLimitsConfig(env),
    ticketTtlMs: 30_000,
    journalTtlMs: 60_000,
    log: logger('test:cluster'),
  });
  states.push(state);
  return state;
}

async function pair(env: Record<string, string> = {}) {
  const prefix = `t${prefixes++}:`;
  return [await relayState('a', prefix, env), await relayState('b', prefix, env)] as const;
}

describe.skipIf(skip !== null)(`shared state in Redis${skip ? ` (SKIPPED: ${skip})` : ''}`, () => {
  beforeAll(async () => {
    await redis.start(dir);
  });
  afterAll(async () => {
    await Promise.allSettled(states.map((s) => s.close()));
    await redis.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('one token bucket per key across relays', async () => {
    const [a, b] = await pair({
      CONNECTIONS_PER_IP_BURST: '2',
      CONNECTIONS_PER_IP_PER_SECOND: '1',
    });
    expect(await a.connectionsPerIp.tryTake('203.0.113.7')).toEqual({ ok: true });
    expect(await b.connectionsPerIp.tryTake('203.0.113.7')).toEqual({ ok: true });
    const refused = await a.connectionsPerIp.tryTake('203.0.113.7');
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.retryAfterMs).toBeGreaterThan(0);
    expect(await b.connectionsPerIp.tryTake('198.51.100.1')).toEqual({ ok: true });
  });

  it('a user’s session slots are counted across relays, once per session', async () => {
    const [a, b] = await pair({ MAX_SESSIONS_PER_USER: '2' });
    const first = await a.sessionSlots.acquire('ada', 's1');
    expect(first).not.toBeNull();
    expect(await b.sessionSlots.acquire('ada', 's2')).not.toBeNull();
    expect(await a.sessionSlots.acquire('ada', 's3')).toBeNull();
    expect(await b.sessionSlots.atUserLimit('ada')).toBe(true);
    // The same session taken again (a resume on another relay) needs no second slot.
    expect(await a.sessionSlots.acquire('ada', 's2')).not.toBeNull();
    expect(await b.sessionSlots.acquire('bob', 's4')).not.toBeNull();
    first?.();
    await expect.poll(() => a.sessionSlots.atUserLimit('ada')).toBe(false);
    expect(await b.sessionSlots.acquire('ada', 's3')).not.toBeNull();
  });

  it('a new session takes the slot of its user’s longest-waiting session; the relay holding that one ends it', async () => {
    const [a, b] = await pair({ MAX_SESSIONS_PER_USER: '2', CLUSTER_LEASE_S: '2' });
    const endedOnA: string[] = [];
    const endedOnB: string[] = [];
    a.sessionSlots.onTakenOver((id) => endedOnA.push(id));
    b.sessionSlots.onTakenOver((id) => endedOnB.push(id));
    const s1 = await a.sessionSlots.acquire('ada', 's1');
    expect(await a.sessionSlots.acquire('ada', 's2')).not.toBeNull();
    // s1's connection dropped; it waits on relay A for a resume. The user opens s3 on relay B.
    await a.sessionSlots.detached('ada', 's1');
    expect(await b.sessionSlots.acquire('ada', 's3')).not.toBeNull();
    // Relay A finds out when it renews its leases (every second here) and ends s1.
    await expect.poll(() => endedOnA, { timeout: 5000 }).toEqual(['s1']);
    expect(endedOnB).toEqual([]);
    expect(await a.sessionSlots.reattached('ada', 's1')).toBe(false);
    // s1 ending gives back nothing: the slot is s3's. The cap holds: s2 and s3 are attached.
    s1?.();
    expect(await b.sessionSlots.acquire('ada', 's4')).toBeNull();
    expect(await a.sessionSlots.acquire('ada', 's1')).toBeNull();
    expect(await b.sessionSlots.atUserLimit('ada')).toBe(true);
  });

  it('a waiting session taken over by a new session on its own relay ends at once; one that came back is kept', async () => {
    const [a] = await pair({ MAX_SESSIONS_PER_USER: '1' });
    const ended: string[] = [];
    a.sessionSlots.onTakenOver((id) => ended.push(id));
    expect(await a.sessionSlots.acquire('ada', 's1')).not.toBeNull();
    await a.sessionSlots.detached('ada', 's1');
    expect(await a.sessionSlots.reattached('ada', 's1')).toBe(true);
    expect(await a.sessionSlots.acquire('ada', 's2')).toBeNull();
    await a.sessionSlots.detached('ada', 's1');
    expect(await a.sessionSlots.acquire('ada', 's2')).not.toBeNull();
    expect(ended).toEqual(['s1']);
    // Another user's waiting session is never taken.
    expect(await a.sessionSlots.acquire('bob', 'b1')).not.toBeNull();
    await a.sessionSlots.detached('bob', 'b1');
    expect(await a.sessionSlots.acquire('ada', 's3')).toBeNull();
    expect(ended).toEqual(['s1']);
  });

  it('the slots of a relay that died come back after one lease', async () => {
    const prefix = `t${prefixes++}:`;
    const env = { MAX_SESSIONS_PER_USER: '1', CLUSTER_LEASE_S: '2' };
    const dead = await relayState('dead', prefix, env);
    const alive = await relayState('alive', prefix, env);
    expect(await dead.sessionSlots.acquire('ada', 's1')).not.toBeNull();
    await dead.close(); // stops renewing, releases nothing: as if killed
    expect(await alive.sessionSlots.acquire('ada', 's2')).toBeNull();
    await expect
      .poll(async () => (await alive.sessionSlots.acquire('ada', 's2')) !== null, {
        timeout: 6_000,
        interval: 200,
      })
      .toBe(true);
  });

  it('a ticket issued by one relay is redeemed once, by any relay, from its origin only', async () => {
    const [a, b] = await pair();
    const identity = { userId: 'ada', mode: 'jwt' as const, displayName: 'Ada' };
    const { ticket } = await a.tickets.issue(identity, { origin: 'https://app.example' });
    expect(await b.tickets.redeem(ticket, { origin: 'https://app.example' })).toEqual(identity);
    await expect(b.tickets.redeem(ticket, { origin: 'https://app.example' })).rejects.toThrow(
      /unknown or already used/,
    );
    const other = await b.tickets.issue(identity, { origin: 'https://app.example' });
    const err = await Promise.resolve(
      a.tickets.redeem(other.ticket, { origin: 'https://evil.example' }),
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RelayError);
    expect((err as RelayError).code).toBe('unauthorized');
    await expect(a.tickets.redeem('not a ticket')).rejects.toThrow(/unknown/);
  });

  it('a user’s spend of the day is one total across relays', async () => {
    const [a, b] = await pair();
    expect(await a.userSpend?.add('ada', '2026-11-22', 1500)).toBe(1500);
    expect(await b.userSpend?.add('ada', '2026-11-22', 250.4)).toBe(1750);
    expect(await a.userSpend?.get('ada', '2026-11-22')).toBe(1750);
    expect(await a.userSpend?.get('ada', '2026-11-23')).toBe(0);
    expect(await b.userSpend?.get('bob', '2026-11-22')).toBe(0);
  });

  it('a live relay hands a session over: saved first, then taken', async () => {
    const [a, b] = await pair();
    const events: string[] = [];
    let saved = () => {};
    a.ownership.onHandOver(async (id) => {
      events.push(`a saving ${id}`);
      // Saving takes as long as the test says.
      await new Promise<void>((resolve) => (saved = resolve));
      events.push(`a saved ${id}`);
    });
    expect(await a.ownership.acquire('s1')).toBe(true);
    expect(await a.ownership.acquire('s1')).toBe(true); // again: still its own
    const taking = b.ownership.acquire('s1').then((held) => {
      events.push('b holds s1');
      return held;
    });
    await expect.poll(() => events).toEqual(['a saving s1']);
    saved();
    expect(await taking).toBe(true);
    expect(events).toEqual(['a saving s1', 'a saved s1', 'b holds s1']);
  });

  it('a dead relay’s session is taken at once; a live one that will not let go keeps it', async () => {
    const prefix = `t${prefixes++}:`;
    const env = { CLUSTER_TAKEOVER_TIMEOUT_S: '0.5' };
    const dead = await relayState('dead', prefix, env);
    const stuck = await relayState('stuck', prefix, env);
    const taker = await relayState('taker', prefix, env);
    expect(await dead.ownership.acquire('s1')).toBe(true);
    await dead.close(); // its heartbeat is gone; its lease is not
    const t0 = performance.now();
    expect(await taker.ownership.acquire('s1')).toBe(true);
    expect(performance.now() - t0).toBeLessThan(400);

    stuck.ownership.onHandOver(() => new Promise(() => {}));
    expect(await stuck.ownership.acquire('s2')).toBe(true);
    expect(await taker.ownership.acquire('s2')).toBe(false);
  });

  it('a relay writes its leases again when Redis restarts empty', async () => {
    const [a, b] = await pair({ MAX_SESSIONS_PER_USER: '1', CLUSTER_LEASE_S: '3' });
    expect(await a.ownership.acquire('s1')).toBe(true);
    expect(await a.sessionSlots.acquire('ada', 's1')).not.toBeNull();
    await redis.stop();
    await redis.start(dir, true);
    // Within a renewal (a third of the lease: 1 s) the relay has put back what it holds.
    await expect.poll(() => b.sessionSlots.atUserLimit('ada'), { timeout: 5000 }).toBe(true);
    const events: string[] = [];
    a.ownership.onHandOver((id) => {
      events.push(`a hands ${id} over`);
      return Promise.resolve();
    });
    expect(await b.ownership.acquire('s1')).toBe(true);
    expect(events).toEqual(['a hands s1 over']);
  });

  it('answers a typed "try again" when Redis is unreachable, and recovers', async () => {
    const [a] = await pair();
    await redis.stop();
    const err = await Promise.resolve(a.connectionsPerIp.tryTake('x')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RelayError);
    expect((err as RelayError).options.status).toBe(503);
    expect(await a.ping()).toBe(false);
    await redis.start(dir);
  });
});
