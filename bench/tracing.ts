/**
 * What tracing a turn (issue 49, part 4) costs the relay, on this machine's CPU:
 *
 * - **off** (`OTEL_EXPORTER_OTLP_ENDPOINT` unset): what a turn's path does more than before —
 *   each provider request asks for the current `traceparent` (an AsyncLocalStorage never run,
 *   so undefined) and each stream is handed back as it is — against the same loop without it;
 *   and that a promise-heavy loop costs the same as before (no async hook is ever enabled).
 * - **on**: one turn's spans made with the real SDK (turn, recognition, an LLM round with its
 *   first token, two sentences, the store) and exported as OTLP/HTTP JSON to a local receiver
 *   that only counts bytes: CPU per turn, exports included; and what enabling the
 *   AsyncLocalStorage (the first traced turn does, on Node 20 through promise hooks) adds to
 *   every promise of the process.
 *
 *   pnpm bench:tracing [--turns 5000] [--runs 5]
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { startOtel } from '../relay/src/observability/tracing/otel-tracing.ts';
import {
  currentTraceparent,
  iterateWithin,
  traceHeaders,
  withTraceparent,
} from '../relay/src/observability/tracing/trace-context.ts';
import { median } from './lib/stats.ts';

const { values } = parseArgs({
  options: {
    turns: { type: 'string', default: '5000' },
    runs: { type: 'string', default: '5' },
  },
});
const TURNS = Math.max(100, Number(values.turns));
const RUNS = Math.max(1, Number(values.runs));
const cpuUs = () => {
  const u = process.cpuUsage();
  return u.user + u.system;
};
const spread = (xs: number[]) => `${Math.min(...xs).toFixed(3)}–${Math.max(...xs).toFixed(3)}`;

/** A stream as a provider adapter returns one. */
const stream: AsyncIterable<number> = {
  [Symbol.asyncIterator]: () => [1][Symbol.iterator]() as never,
};
/** What the off path adds per turn: 4 provider requests (ASR, LLM, 2 sentences), 3 streams. */
function offPathTurn(sink: unknown[]): void {
  for (let r = 0; r < 4; r++) sink.push(currentTraceparent(), traceHeaders());
  for (let s = 0; s < 3; s++) sink.push(iterateWithin(undefined, stream));
}
function baselineTurn(sink: unknown[]): void {
  for (let r = 0; r < 4; r++) sink.push(undefined, {});
  for (let s = 0; s < 3; s++) sink.push(stream);
}
function nsPerTurn(turn: (sink: unknown[]) => void, n: number): number {
  const sink: unknown[] = [];
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    turn(sink);
    if (sink.length > 10_000) sink.length = 0;
  }
  return ((performance.now() - t0) * 1e6) / n;
}

/**
 * A promise-heavy loop (awaits chained as a turn's streams chain them): ns per await, by the
 * wall clock and by the process's CPU time (on a shared machine the wall clock also counts the
 * time other processes held the core; the CPU time does not).
 */
async function nsPerAwait(n: number): Promise<{ wall: number; cpu: number }> {
  const t0 = performance.now();
  const c0 = cpuUs();
  for (let i = 0; i < n; i++) await Promise.resolve(i);
  return { wall: ((performance.now() - t0) * 1e6) / n, cpu: ((cpuUs() - c0) * 1e3) / n };
}
const walls = (xs: { wall: number }[]) => xs.map((x) => x.wall);
const cpus = (xs: { cpu: number }[]) => xs.map((x) => x.cpu);

console.log(`Tracing cost (${TURNS} turns × ${RUNS} runs), Node ${process.version}`);

// Off: before any traceparent was ever set (as in a relay with tracing off).
const off: number[] = [];
const base: number[] = [];
for (let run = 0; run < RUNS; run++) {
  base.push(nsPerTurn(baselineTurn, TURNS * 100));
  off.push(nsPerTurn(offPathTurn, TURNS * 100));
}
const awaitsOff: { wall: number; cpu: number }[] = [];
for (let run = 0; run < RUNS; run++) awaitsOff.push(await nsPerAwait(TURNS * 100));

// On: a receiver that only counts what it is sent.
let bytes = 0;
let posts = 0;
const receiver = createServer((req, res) => {
  req.on('data', (c: Buffer) => (bytes += c.length));
  req.on('end', () => {
    posts++;
    res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
  });
});
await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/v1/traces`;

const onCpu: number[] = [];
let bytesPerTurn = 0;
for (let run = 0; run < RUNS; run++) {
  const tracing = await startOtel({
    tracesUrl: url,
    headers: {},
    serviceName: 'bench',
    sampleRatio: 1,
    scheduleDelayMs: 200,
  });
  bytes = 0;
  const t0 = cpuUs();
  for (let i = 0; i < TURNS; i++) {
    const at = Date.now();
    const turn = tracing.startTurn({
      traceId: (run * TURNS + i).toString(16).padStart(16, '0'),
      sessionId: 'session-0',
      turnId: i,
      input: 'spoken',
      startMs: at,
    });
    const recognition = turn.stage('recognition', {}, at);
    recognition.set({ 'parley.provider': 'deepgram' });
    recognition.end(at + 300);
    const llm = turn.stage('llm round 1', { 'parley.llm.round': 1, 'parley.speculative': false });
    withTraceparent(llm.traceparent, () => currentTraceparent());
    llm.set({ 'parley.provider': 'openai:gpt-4o-mini' });
    llm.event('first token');
    llm.set({ 'parley.llm.outcome': 'done' });
    llm.end();
    for (let s = 0; s < 2; s++) {
      const tts = turn.stage(`tts sentence ${s}`, { 'parley.sentence': s });
      tts.set({ 'parley.provider': 'openai:tts-1' });
      tts.end();
    }
    const store = turn.stage('store turn');
    store.end();
    turn.end('completed', {});
    // Yield now and then, as turns come apart in time: the batch exporter gets to run.
    if (i % 100 === 99) await new Promise((r) => setImmediate(r));
  }
  await tracing.shutdown();
  onCpu.push((cpuUs() - t0) / TURNS);
  bytesPerTurn = bytes / TURNS;
}

// The AsyncLocalStorage has been run: on Node 20 its promise hooks now run for every promise.
const awaitsOn: { wall: number; cpu: number }[] = [];
for (let run = 0; run < RUNS; run++) awaitsOn.push(await nsPerAwait(TURNS * 100));
receiver.close();

const offNs = off.map((o, i) => o - (base[i] ?? 0));
console.log('\nOff (OTEL_EXPORTER_OTLP_ENDPOINT unset):');
console.log(
  `  a turn's path, what it does more (4 requests' traceparent look-ups, 3 streams handed back): ` +
    `${median(offNs).toFixed(1)} ns per turn (runs ${spread(offNs)})`,
);
console.log(
  `  an await, no async hook enabled: ${median(walls(awaitsOff)).toFixed(1)} ns (runs ${spread(walls(awaitsOff))}); ` +
    `CPU ${median(cpus(awaitsOff)).toFixed(1)} ns (runs ${spread(cpus(awaitsOff))})`,
);
console.log('\nOn (spans made and exported as OTLP/HTTP JSON to a local receiver):');
console.log(
  `  one turn's 7 spans, exports included: ${median(onCpu).toFixed(1)} µs CPU per turn (runs ${spread(onCpu)}); ` +
    `${(bytesPerTurn / 1024).toFixed(2)} KiB sent per turn in ${posts} posts`,
);
console.log(
  `  an await once tracing ran a turn (AsyncLocalStorage enabled): ${median(walls(awaitsOn)).toFixed(1)} ns ` +
    `(runs ${spread(walls(awaitsOn))}); CPU ${median(cpus(awaitsOn)).toFixed(1)} ns (runs ${spread(cpus(awaitsOn))})`,
);
process.exit(0);
