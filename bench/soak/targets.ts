/**
 * What the soak talks to: one relay (its SQLite on disk), or a cluster of relays on one Redis
 * and one PostgreSQL behind HAProxy with deploy/'s template (`--cluster`), each relay a bench
 * relay process (fake providers, measured over IPC). Each gives the talkers' address, its relays,
 * and the shared stores' size; a cluster's relays can be killed and started again.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import pg from 'pg';
import { RedisServer } from '../../relay/test/cluster/daemons.ts';
import { HAProxy } from '../../relay/test/cluster/haproxy.ts';
import type { RelaySpec } from '../lib/relay-ipc.ts';
import { RelayProcess } from '../lib/relay-process.ts';

/** The stores the relays share, sampled with them. */
export interface StoreSizes {
  /** The database's size on disk (SQLite files, or PostgreSQL's `pg_database_size`). */
  dbKb: number;
  /** Redis's `used_memory`; null without Redis. */
  redisMb: number | null;
}

export interface SoakTarget {
  /** What the report calls it. */
  label: string;
  /** Where the talkers connect (a relay, or the load balancer). */
  wsUrl: string;
  /** Each relay, with the name the report gives it. */
  relays: { name: string; process: RelayProcess }[];
  stores(): Promise<StoreSizes>;
  /**
   * Kills relay `index` with SIGKILL (see {@link RelayProcess.kill}); absent where there is no
   * other relay to take its talkers.
   */
  kill?: (index: number) => Promise<void>;
  /**
   * Starts killed relay `index` again, on its port and data folder (HAProxy's `server` line
   * and its `GET /ready` check find it there), and returns the new process.
   */
  restart?: (index: number) => Promise<RelayProcess>;
  stop(): Promise<void>;
}

/** One relay on SQLite. */
export async function oneRelay(spec: RelaySpec, env: Record<string, string>): Promise<SoakTarget> {
  const relay = await RelayProcess.start({ spec, env });
  return {
    label: 'one relay',
    wsUrl: relay.wsUrl,
    relays: [{ name: 'relay', process: relay }],
    stores: () => Promise.resolve({ dbKb: sqliteKb(relay.dataDir), redisMb: null }),
    stop: () => relay.stop(),
  };
}

function sqliteKb(dir: string): number {
  let bytes = 0;
  for (const name of readdirSync(dir))
    if (name.startsWith('parley.db')) bytes += statSync(join(dir, name)).size;
  return Math.round(bytes / 1024);
}

/** The soak's name of relay `index`: `relay-a`, `relay-b`, `relay-c`, … */
export const relayName = (index: number) => `relay-${String.fromCharCode(97 + index)}`;

const COUNT_WORDS = ['no', 'one', 'two', 'three', 'four', 'five', 'six'];

/**
 * `count` relays (`relay-a`, `relay-b`, …) on a Redis and a PostgreSQL of their own (Debian's,
 * as the cluster tests start them), behind HAProxy, which checks each relay's `/ready`.
 */
export async function relayCluster(
  count: number,
  spec: RelaySpec,
  env: Record<string, string>,
): Promise<SoakTarget> {
  const dir = mkdtempSync(join(tmpdir(), 'parley-soak-'));
  const pgEnv = { ...process.env, PARLEY_PG_STATE: join(dir, 'pg.state') };
  const undo: (() => Promise<void> | void)[] = [
    () => rmSync(dir, { recursive: true, force: true }),
  ];
  const stop = async () => {
    for (const step of undo.reverse()) await step();
  };
  try {
    const started = spawnSync('bash', ['scripts/postgres.sh', 'start'], {
      env: pgEnv,
      encoding: 'utf8',
    });
    const databaseUrl = /DATABASE_URL=(\S+)/.exec(started.stdout)?.[1];
    if (!databaseUrl) throw new Error(`PostgreSQL did not start: ${started.stderr}`);
    undo.push(() => void spawnSync('bash', ['scripts/postgres.sh', 'stop'], { env: pgEnv }));
    const redisServer = new RedisServer();
    await redisServer.start(dir);
    undo.push(() => redisServer.stop());
    const redis = new Redis(redisServer.url);
    undo.push(() => {
      redis.disconnect();
    });
    const db = new pg.Client({ connectionString: databaseUrl });
    await db.connect();
    undo.push(() => db.end());

    const relays: SoakTarget['relays'] = [];
    const start = async (name: string, at?: { port: number; dataDir: string }) => {
      const relay = await RelayProcess.start({
        spec,
        env: {
          ...env,
          DATABASE_URL: databaseUrl,
          REDIS_URL: redisServer.url,
          RELAY_ID: name,
          TRUST_PROXY: '1',
        },
        ...(at ?? {}),
      });
      undo.push(() => relay.stop());
      return relay;
    };
    for (let i = 0; i < count; i++) {
      const name = relayName(i);
      relays.push({ name, process: await start(name) });
    }
    const haproxy = new HAProxy();
    await haproxy.start(
      dir,
      relays.map((r) => r.process.port),
    );
    undo.push(() => haproxy.stop());
    const at = (index: number) => {
      const relay = relays[index];
      if (!relay) throw new Error(`no relay ${index} of ${count}`);
      return relay;
    };
    return {
      label: `${COUNT_WORDS[count] ?? count} relays on Redis and PostgreSQL behind HAProxy`,
      wsUrl: `ws://127.0.0.1:${haproxy.port}/ws`,
      relays,
      kill: (index) => at(index).process.kill(),
      restart: async (index) => {
        const relay = at(index);
        const { port, dataDir } = relay.process;
        relay.process = await start(relay.name, { port, dataDir });
        return relay.process;
      },
      stores: async () => {
        const info = await redis.info('memory');
        const used = Number(/used_memory:(\d+)/.exec(info)?.[1] ?? NaN);
        const size = await db.query<{ bytes: string }>(
          'select pg_database_size(current_database()) as bytes',
        );
        return {
          dbKb: Math.round(Number(size.rows[0]?.bytes ?? NaN) / 1024),
          redisMb: Math.round((used / 2 ** 20) * 10) / 10,
        };
      },
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
