/**
 * Connection resilience figures (issue 28): relay restart → resumed (SIGKILL and SIGTERM), stall
 * → resumed, dead path → detected and resumed, network drop → resumed, and memory held per
 * disconnected session during the resume grace period. Median and p95 over `BENCH_RUNS` (default
 * 20) runs each; writes bench/results/connection.{json,md} (or `BENCH_OUT`.{json,md}).
 *
 *   pnpm bench:connection
 */
import { cpus, loadavg } from 'node:os';
import WebSocket from 'ws';
import { PROTOCOL_VERSION } from '@parley/shared';
import { TalkClient } from '../relay/src/talk/client.ts';
import { startTestRelay } from '../relay/test/harness.ts';
import { TcpProxy } from '../relay/test/tcp-proxy.ts';
import { figures, now, resumedAfter, type Figures } from './connection/measure.ts';
import { deadPathToResumed, STALL_BEYOND_DEAD_MS, stallToResumed } from './connection/network.ts';
import { restartToResumed } from './connection/restart.ts';
import { writeResult } from './lib/write-result.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 20);
const OUT = process.env.BENCH_OUT ?? 'bench/results/connection';
/** The client's heartbeat in the stall runs (ms): short, so a run takes seconds. */
const STALL_HEARTBEAT_MS = 1000;
/** The web app's heartbeat (its default), for the dead-path runs. */
const DEFAULT_HEARTBEAT_MS = 5000;

const gc = (globalThis as { gc?: () => void }).gc;
const heap = () => {
  gc?.();
  gc?.();
  return process.memoryUsage().heapUsed;
};

const loadBefore = loadavg();
const restartKill = await restartToResumed('SIGKILL', RUNS);
log('relay SIGKILL → resumed', restartKill);
const restartTerm = await restartToResumed('SIGTERM', RUNS);
log('relay SIGTERM → resumed', restartTerm);

const relay = await startTestRelay({
  MAX_SESSIONS_PER_USER: '1000',
  NEW_SESSIONS_PER_MINUTE: '10000',
  CONNECTIONS_PER_IP_BURST: '10000',
  CONNECTIONS_PER_IP_PER_SECOND: '1000',
  RESUME_GRACE_S: '600',
});

const stall = await stallToResumed(relay, RUNS, STALL_HEARTBEAT_MS);
log('stall: path back → resumed', stall.fromReturn);
const deadPath = await deadPathToResumed(relay, RUNS, DEFAULT_HEARTBEAT_MS);
log('dead path → detected', deadPath.detection);
log('dead path → resumed', deadPath.resumed);

// Network drop (RST) → session resumed.
const proxy = new TcpProxy(relay.port);
await proxy.listen();
const client = await TalkClient.connect(`ws://127.0.0.1:${proxy.port}/ws`, { heartbeatMs: 1000 });
const dropMs: number[] = [];
let dropFailed = 0;
for (let i = 0; i < Math.max(RUNS, 30); i++) {
  const before = client.connection.resumes;
  const t0 = now();
  proxy.drop();
  const resumed = await resumedAfter(client, before, 30_000);
  if (resumed === null) dropFailed++;
  else dropMs.push(resumed - t0);
  await new Promise((r) => setTimeout(r, 50));
}
const drop = figures(dropMs, dropFailed);
log('drop → resumed', drop);
client.close();
await proxy.close();

// Memory per disconnected session (idle, then its socket vanishes: it waits for a resume).
const N = 300;
await new Promise((r) => setTimeout(r, 500));
const base = heap();
const sockets: WebSocket[] = [];
for (let i = 0; i < N; i++) {
  const ticket = await TalkClient.ticket(relay.wsUrl);
  const ws = new WebSocket(relay.wsUrl);
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () =>
      ws.send(
        JSON.stringify({
          type: 'hello',
          protocol: PROTOCOL_VERSION,
          ticket,
          outputSampleRateHz: 48_000,
        }),
      ),
    );
    ws.once('message', () => resolve());
    ws.once('error', reject);
  });
  sockets.push(ws);
}
const connected = heap();
for (const ws of sockets) ws.terminate();
while (relay.registry.detachedCount < N) await new Promise((r) => setTimeout(r, 20));
await new Promise((r) => setTimeout(r, 300));
const detached = heap();
await relay.close();

const result = {
  measuredAt: new Date().toISOString(),
  machine: { cores: cpus().length, node: process.version },
  loadAverage: {
    before: loadBefore.map((x) => x.toFixed(2)),
    after: loadavg().map((x) => x.toFixed(2)),
  },
  command: 'pnpm bench:connection',
  restart: {
    what: 'relay listening again (first 200 on /health) → client ready resumed:true; relay in its own process, SQLite, idle client on default settings',
    sigkill: restartKill,
    sigterm: restartTerm,
  },
  stall: {
    what: `every byte held (both ways, new connections too) until the client declares its socket dead and ${STALL_BEYOND_DEAD_MS} ms more, then delivered; client heartbeat ${STALL_HEARTBEAT_MS} ms`,
    pathBackToResumed: stall.fromReturn,
    stallToResumed: stall.fromStall,
  },
  deadPath: {
    what: `open connections die for ever while new ones pass; client heartbeat ${DEFAULT_HEARTBEAT_MS} ms (the default)`,
    detected: deadPath.detection,
    resumed: deadPath.resumed,
  },
  dropToResumed: drop,
  memory: {
    sessions: N,
    perConnectedIdleSessionKiB: Math.round((connected - base) / N / 1024),
    perDisconnectedSessionKiB: Math.round((detached - base) / N / 1024),
  },
};
console.log(JSON.stringify(result, null, 2));
await writeResult(`${OUT}.json`, JSON.stringify(result));
await writeResult(`${OUT}.md`, markdown(result));
process.exit(0);

function log(what: string, f: Figures): void {
  console.error(
    `${what}: median ${f.medianMs} ms, p95 ${f.p95Ms} ms (${f.runs} runs, ${f.failed} failed)`,
  );
}

function markdown(r: typeof result): string {
  const ms = (x: number) => (Number.isNaN(x) ? '–' : String(x));
  const row = (name: string, f: Figures) =>
    `| ${name} | ${f.runs} | ${f.failed} | ${ms(f.medianMs)} | ${ms(f.p95Ms)} | ${ms(f.minMs)} | ${ms(f.maxMs)} |`;
  return [
    '# Connection resilience (issue 28)',
    '',
    `Measured ${r.measuredAt} on ${r.machine.cores} cores, Node ${r.machine.node}; load average ${r.loadAverage.before.join(' ')} before, ${r.loadAverage.after.join(' ')} after (the machine is shared). Command: \`${r.command}\`.`,
    '',
    '| what | runs | failed | median ms | p95 ms | min ms | max ms |',
    '| --- | --: | --: | --: | --: | --: | --: |',
    row('relay SIGKILL: listening again → resumed', r.restart.sigkill),
    row('relay SIGTERM: listening again → resumed', r.restart.sigterm),
    row('stall: path back → resumed', r.stall.pathBackToResumed),
    row('stall: stall start → resumed', r.stall.stallToResumed),
    row('dead path → detected', r.deadPath.detected),
    row('dead path → resumed', r.deadPath.resumed),
    row('drop (RST) → resumed', r.dropToResumed),
    '',
    `- Restart: ${r.restart.what}.`,
    `- Stall: ${r.stall.what}.`,
    `- Dead path: ${r.deadPath.what}.`,
    `- "failed": the client did not resume within the run's limit (30 s; 60 s for a dead path) or went offline; such runs are not in the figures.`,
    `- Memory: ${r.memory.perConnectedIdleSessionKiB} KiB per connected idle session, ${r.memory.perDisconnectedSessionKiB} KiB per disconnected one (${r.memory.sessions} sessions).`,
    '',
  ].join('\n');
}
