/**
 * What many relays cost their shared services, per session and per turn: Redis memory and
 * commands, PostgreSQL transactions. For the scaling guide's sizing on paper.
 *
 *   pnpm bench:cluster            (N=500 sessions of 500 users idle 65 s, then 200 typed turns)
 *   pnpm bench:cluster --sessions 200 --turns 50
 *
 * Starts its own redis-server and PostgreSQL (Debian packages) and one relay with REDIS_URL and
 * DATABASE_URL in jwt mode; the embedded providers answer the turns.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import pg from 'pg';
import { TalkClient } from '../relay/src/talk/client.ts';
import { RedisServer } from '../relay/test/cluster/daemons.ts';
import { startTestRelay } from '../relay/test/harness.ts';
import { signHs256 } from './lib/jwt.ts';
import { describeMachine, machineInfo } from './lib/machine.ts';
import { round } from './lib/stats.ts';
import { writeResult } from './lib/write-result.ts';

const { values } = parseArgs({
  options: {
    sessions: { type: 'string', default: '500' },
    turns: { type: 'string', default: '200' },
    idle: { type: 'string', default: '65' },
  },
});
const SESSIONS = Number(values.sessions);
const TURNS = Number(values.turns);
const IDLE_S = Number(values.idle);
// A relay refuses a guessable JWT_SECRET: one as `openssl rand -base64 48` makes it.
const SECRET = randomBytes(48).toString('base64');
const PG_STATS_DELAY_MS = 11_000;
const command = `pnpm bench:cluster --sessions ${SESSIONS} --turns ${TURNS} --idle ${IDLE_S}`;
const machine = machineInfo();

const dir = mkdtempSync(join(tmpdir(), 'parley-footprint-'));
const pgState = join(dir, 'pg.state');
const postgres = spawnSync('bash', ['scripts/postgres.sh', 'start'], {
  env: { ...process.env, PARLEY_PG_STATE: pgState },
  encoding: 'utf8',
});
const databaseUrl = /DATABASE_URL=(\S+)/.exec(postgres.stdout)?.[1];
if (!databaseUrl) throw new Error(`PostgreSQL did not start: ${postgres.stderr}`);
const redisServer = new RedisServer();
await redisServer.start(dir);
const redis = new Redis(redisServer.url);
const db = new pg.Client({ connectionString: databaseUrl });
await db.connect();

const redisStats = async () => {
  const info = await redis.info();
  const field = (name: string) => Number(new RegExp(`${name}:(\\d+)`).exec(info)?.[1] ?? NaN);
  const stats = await redis.info('commandstats');
  // The commands only a turn sends (the spend counter); renewals run inside scripts meanwhile.
  const turnOnly = ['multi', 'incrby', 'expire', 'exec'].reduce(
    (n, c) => n + Number(new RegExp(`cmdstat_${c}:calls=(\\d+)`).exec(stats)?.[1] ?? 0),
    0,
  );
  return {
    memory: field('used_memory'),
    commands: field('total_commands_processed'),
    turnOnly,
  };
};
const pgTransactions = async () => {
  const r = await db.query<{ n: string }>(
    'select xact_commit + xact_rollback as n from pg_stat_database where datname = current_database()',
  );
  return Number(r.rows[0]?.n ?? NaN);
};

const relay = await startTestRelay({
  AUTH_MODE: 'jwt',
  JWT_SECRET: SECRET,
  ALLOWED_ORIGINS: 'http://127.0.0.1',
  REDIS_URL: redisServer.url,
  DATABASE_URL: databaseUrl,
  MAX_SESSIONS_PER_USER: '3',
  CONNECTIONS_PER_IP_BURST: String(SESSIONS * 4),
  CONNECTIONS_PER_IP_PER_SECOND: '1000',
  MESSAGES_PER_SECOND: '1000',
  MESSAGE_BURST: '10000',
  LOG_LEVEL: 'silent',
  // Hosted-like prices for the embedded providers, so turns are metered as they would be.
  PRICING_JSON: JSON.stringify({
    asr: { pocketsphinx: { usdPerMinute: 0.006 } },
    llm: {
      'offline-responder': { usdPerMillionInputTokens: 0.15, usdPerMillionOutputTokens: 0.6 },
    },
    tts: { flite: { usdPerMillionCharacters: 15 } },
  }),
});

// The relay marks its sessions alive in PostgreSQL once a minute from its start (a burst of
// one transaction per session); the turn figures are measured between two bursts.
const relayStartedAt = performance.now();
const TOUCH_MS = 60_000;

try {
  const before = await redisStats();
  const clients: TalkClient[] = [];
  for (let i = 0; i < SESSIONS; i++) {
    clients.push(
      await TalkClient.connect(relay.wsUrl, {
        token: signHs256(`user-${i}`, SECRET),
        heartbeatMs: 5000,
      }),
    );
  }
  const open = await redisStats();
  // PostgreSQL publishes each backend's transaction counts up to 10 s late: let them settle.
  await new Promise((r) => setTimeout(r, PG_STATS_DELAY_MS));

  // Idle: only heartbeats and lease renewals.
  const idleFrom = { ...(await redisStats()), pg: await pgTransactions() };
  await new Promise((r) => setTimeout(r, IDLE_S * 1000));
  const idleTo = { ...(await redisStats()), pg: await pgTransactions() };

  // Turns: typed (no audio), spread over the sessions.
  const sinceTouch = (performance.now() - relayStartedAt) % TOUCH_MS;
  const settled = PG_STATS_DELAY_MS + 1000;
  await new Promise((r) => setTimeout(r, (settled - sinceTouch + TOUCH_MS) % TOUCH_MS));
  const turnsFrom = { ...(await redisStats()), pg: await pgTransactions() };
  const turnsStartedAt = performance.now();
  const next = new Map<TalkClient, number>();
  for (let t = 0; t < TURNS; t++) {
    const client = clients[t % clients.length];
    if (!client) break;
    const turnId = (next.get(client) ?? 0) + 1;
    next.set(client, turnId);
    client.send({ type: 'user.text', turnId, text: 'What time is it?' });
    await client.turn(turnId).done;
  }
  const turnsS = (performance.now() - turnsStartedAt) / 1000;
  if (turnsS * 1000 + 2 * settled > TOUCH_MS)
    console.warn('turns took too long: a keep-alive burst may be counted');
  console.log(`${TURNS} turns in ${round(turnsS, 1)} s`);
  const turnsToRedis = await redisStats();
  await new Promise((r) => setTimeout(r, PG_STATS_DELAY_MS));
  const turnsTo = { ...turnsToRedis, pg: await pgTransactions() };
  const idleCommands = idleTo.commands - idleFrom.commands;
  const idlePg = idleTo.pg - idleFrom.pg;

  const figures = {
    sessions: SESSIONS,
    turns: TURNS,
    redisBytesPerSession: round((open.memory - before.memory) / SESSIONS, 0),
    redisCommandsPerSecondIdle: round(idleCommands / IDLE_S, 1),
    redisCommandsPerSessionSecond: round(idleCommands / IDLE_S / SESSIONS, 3),
    // The spend counter's commands, counted, plus the one spend read each turn starts with.
    redisCommandsPerTurn: round((turnsTo.turnOnly - turnsFrom.turnOnly) / TURNS + 1, 1),
    pgTransactionsPerSessionMinuteIdle: round((idlePg / IDLE_S / SESSIONS) * 60, 3),
    // Between two keep-alive bursts (see above): only the turns' own transactions.
    pgTransactionsPerTurn: round((turnsTo.pg - turnsFrom.pg) / TURNS, 1),
  };
  for (const c of clients) c.close();

  const lines = [
    `## Shared services per session and per turn`,
    '',
    `${describeMachine(machine)}. Command: \`${command}\`.`,
    '',
    '| Figure | Value |',
    '| --- | --- |',
    `| Redis memory per open session | ${figures.redisBytesPerSession} B |`,
    `| Redis commands per second, ${SESSIONS} idle sessions | ${figures.redisCommandsPerSecondIdle} |`,
    `| Redis commands per turn | ${figures.redisCommandsPerTurn} |`,
    `| PostgreSQL transactions per idle session per minute | ${figures.pgTransactionsPerSessionMinuteIdle} |`,
    `| PostgreSQL transactions per turn | ${figures.pgTransactionsPerTurn} |`,
    '',
    'Redis counts the commands inside scripts: an idle session costs its relay one ownership and one slot renewal (2 keys) every 5 s (a third of the 15 s lease), batched 500 sessions per script, plus one heartbeat per relay per second. Turns: the per-turn spend counter and the spend read. PostgreSQL idle: one keep-alive per session per minute (`touch`). Per turn: one transaction with the turn record, its usage entries and the resume checkpoint (the rest: a session touched by the idle keep-alive during the run).',
  ];
  console.log(lines.join('\n'));
  await writeResult(
    'bench/results/cluster-footprint.json',
    JSON.stringify({ machine, command, figures }, null, 2),
  );
  await writeResult('bench/results/cluster-footprint.md', `${lines.join('\n')}\n`);
} finally {
  await relay.close();
  redis.disconnect();
  await db.end();
  await redisServer.stop();
  spawnSync('bash', ['scripts/postgres.sh', 'stop'], {
    env: { ...process.env, PARLEY_PG_STATE: pgState },
  });
  rmSync(dir, { recursive: true, force: true });
}
