/**
 * Connection resilience figures: time from network restored to session resumed (drop → resume,
 * repeated), and memory held per disconnected session during the resume grace period.
 *
 *   node --expose-gc --import tsx bench/connection.ts
 */
import { cpus } from 'node:os';
import WebSocket from 'ws';
import { PROTOCOL_VERSION } from '@parley/shared';
import { TalkClient } from '../relay/src/talk/client.ts';
import { startTestRelay } from '../relay/test/harness.ts';
import { TcpProxy } from '../relay/test/tcp-proxy.ts';

const gc = (globalThis as { gc?: () => void }).gc;
const heap = () => {
  gc?.();
  gc?.();
  return process.memoryUsage().heapUsed;
};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.95)] ?? NaN;

const relay = await startTestRelay({
  MAX_SESSIONS_PER_USER: '1000',
  NEW_SESSIONS_PER_MINUTE: '10000',
  CONNECTIONS_PER_IP_BURST: '10000',
  CONNECTIONS_PER_IP_PER_SECOND: '1000',
  RESUME_GRACE_S: '600',
});
const proxy = new TcpProxy(relay.port);
await proxy.listen();

// 1. Network restored → session resumed.
const client = await TalkClient.connect(`ws://127.0.0.1:${proxy.port}/ws`, { heartbeatMs: 1000 });
const resumeMs: number[] = [];
for (let i = 0; i < 30; i++) {
  const before = client.connection.resumes;
  const t0 = performance.now();
  proxy.drop();
  while (client.connection.resumes === before) await new Promise((r) => setTimeout(r, 1));
  resumeMs.push(performance.now() - t0);
  await new Promise((r) => setTimeout(r, 50));
}
client.close();

// 2. Memory per disconnected session (idle, then its socket vanishes: it waits for a resume).
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

const result = {
  machine: { cores: cpus().length, node: process.version },
  command: 'pnpm bench:connection',
  resumeAfterDropMs: {
    median: Math.round(median(resumeMs)),
    p95: Math.round(p95(resumeMs)),
    runs: resumeMs.length,
  },
  memory: {
    sessions: N,
    perConnectedIdleSessionKiB: Math.round((connected - base) / N / 1024),
    perDisconnectedSessionKiB: Math.round((detached - base) / N / 1024),
  },
  lostChunks: client.connection.lostChunks,
};
console.log(JSON.stringify(result, null, 2));
await proxy.close();
await relay.close();
process.exit(0);
