/**
 * Soak: N simulated talkers on one relay (fake providers, the capacity bench's talkers) for a
 * long run, the relay sampled every few seconds — RSS, JS heap, live memory after a full GC, open
 * file descriptors, event-loop delay, late chunks, turns answered and failed, the database's size
 * — to show whether anything grows after warm-up beyond the run's own noise. Writes
 * bench/results/soak.{json,md,svg}.
 *
 *   pnpm bench:soak [--minutes 30] [--talkers 100] [--every 10] [--warmup-minutes 5] [--out DIR]
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ZERO_LATENCY } from '../../relay/test/fakes/providers/provider-set.ts';
import { LoadGenerator } from '../capacity/load-generator.ts';
import { BASELINE_SETTLE_MS, relayEnv } from '../capacity/step.ts';
import { describeMachine, machineInfo } from '../lib/machine.ts';
import { RelayProcess } from '../lib/relay-process.ts';
import { round } from '../lib/stats.ts';
import { svgChart } from '../lib/svg-chart.ts';
import { writeResult } from '../lib/write-result.ts';
import { growth, type Growth } from './growth.ts';

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '30' },
    talkers: { type: 'string', default: '100' },
    every: { type: 'string', default: '10' },
    'warmup-minutes': { type: 'string', default: '5' },
    out: { type: 'string', default: 'bench/results' },
  },
});
const minutes = Number(values.minutes);
const talkers = Number(values.talkers);
const everyS = Number(values.every);
const warmupS = Number(values['warmup-minutes']) * 60;
const command = ['pnpm bench:soak', ...process.argv.slice(2)].join(' ');

/** One sample: the relay over the last `everyS` seconds. */
interface Sample {
  atS: number;
  rssMb: number;
  heapMb: number;
  liveMb: number;
  fds: number;
  loopP99Ms: number;
  chunkP99Ms: number;
  lateChunks: number;
  turns: number;
  turnsFailed: number;
  dbKb: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const mb = (bytes: number) => round(bytes / 2 ** 20, 1);

function openFds(pid: number): number {
  try {
    return readdirSync(`/proc/${pid}/fd`).length;
  } catch {
    return NaN;
  }
}

function dbKb(dir: string): number {
  let bytes = 0;
  for (const name of readdirSync(dir))
    if (name.startsWith('parley.db')) bytes += statSync(join(dir, name)).size;
  return Math.round(bytes / 1024);
}

const jwtSecret = randomBytes(32).toString('hex');
const relay = await RelayProcess.start({
  spec: { latencies: ZERO_LATENCY, lateMs: 50, settleMs: BASELINE_SETTLE_MS },
  // A session may last the whole run (the default 30-minute cap ended every call at the end of
  // the first 30-minute soak, its in-flight turns counted as failed).
  env: { ...relayEnv('warn', jwtSecret), MAX_SESSION_MINUTES: String(Math.ceil(minutes) + 10) },
});
const samples: Sample[] = [];
let connectedOk = 0;
try {
  const { load, connected } = await LoadGenerator.start({
    wsUrl: relay.wsUrl,
    clients: talkers,
    workers: 1,
    jwtSecret,
    seed: 1,
    priority: 'idle',
    connectConcurrency: 50,
    outputSampleRateHz: 'native',
    codec: 'pcm16',
  });
  connectedOk = connected.ok;
  const t0 = performance.now();
  while ((performance.now() - t0) / 1000 < minutes * 60) {
    relay.startWindow();
    load.startWindow();
    await sleep(everyS * 1000);
    const [w, workers] = await Promise.all([relay.endWindow(), load.endWindow()]);
    const s: Sample = {
      atS: Math.round((performance.now() - t0) / 1000),
      rssMb: mb(w.rssBytes),
      heapMb: mb(w.heapUsedBytes),
      liveMb: mb(w.liveBytes),
      fds: openFds(relay.pid),
      loopP99Ms: w.eventLoopDelayMs.p99,
      chunkP99Ms: w.chunks.p99Ms,
      lateChunks: w.chunks.late,
      turns: w.turns,
      turnsFailed: workers.reduce((n, x) => n + x.turnsFailed, 0),
      dbKb: dbKb(relay.dataDir),
    };
    samples.push(s);
    process.stdout.write(
      `${s.atS}s: RSS ${s.rssMb} MB, live ${s.liveMb} MB, fds ${s.fds}, loop p99 ${s.loopP99Ms} ms, chunk p99 ${s.chunkP99Ms} ms, turns ${s.turns} (${s.turnsFailed} failed), db ${s.dbKb} kB\n`,
    );
  }
  await load.stop();
  await load.close();
} finally {
  await relay.stop();
}

const after = samples.filter((s) => s.atS >= warmupS);
const of = (f: (s: Sample) => number) => growth(after.map((s) => [s.atS, f(s)] as const));
const verdicts: [string, string, Growth][] = [
  ['RSS', 'MB', of((s) => s.rssMb)],
  ['live memory (after a full GC)', 'MB', of((s) => s.liveMb)],
  ['open file descriptors', '', of((s) => s.fds)],
  ['chunk latency p99', 'ms', of((s) => s.chunkP99Ms)],
  ['event-loop delay p99', 'ms', of((s) => s.loopP99Ms)],
];
const turns = samples.reduce((n, s) => n + s.turns, 0);
const failed = samples.reduce((n, s) => n + s.turnsFailed, 0);
const late = samples.reduce((n, s) => n + s.lateChunks, 0);

const machine = describeMachine(machineInfo());
const md = `# Soak: ${talkers} talkers on one relay for ${minutes} minutes

\`${command}\` · ${machine}

The capacity bench's talkers (fake providers, PCM16) against one relay process, sampled every
${everyS} s; growth is the least-squares line over the samples after ${warmupS / 60} minutes of
warm-up, against the samples' own scatter around it (it grows when the line's change over the
run is more than twice that scatter). ${connectedOk} of ${talkers} connected; ${turns} turns answered,
${failed} failed; ${late} chunks later than 50 ms. The database grew ${samples[0]?.dbKb ?? 0} →
${samples.at(-1)?.dbKb ?? 0} kB (the turns are stored).

| figure | first after warm-up | last | change over the run (fitted) | scatter | per hour | grows |
| --- | ---: | ---: | ---: | ---: | ---: | --- |
${verdicts
  .map(([name, unit, g]) => {
    const first = after[0];
    const last = after.at(-1);
    const pick = (s: Sample | undefined) =>
      s === undefined
        ? '—'
        : String(
            {
              RSS: s.rssMb,
              'live memory (after a full GC)': s.liveMb,
              'open file descriptors': s.fds,
              'chunk latency p99': s.chunkP99Ms,
              'event-loop delay p99': s.loopP99Ms,
            }[name] ?? '—',
          );
    return `| ${name}${unit ? ` (${unit})` : ''} | ${pick(first)} | ${pick(last)} | ${round(g.overRun, 2)} | ${round(g.noise, 2)} | ${round(g.perHour, 2)} | ${g.grows ? '**yes**' : 'no'} |`;
  })
  .join('\n')}

![RSS, live memory and file descriptors over the run](soak.svg)
`;
const labels = samples.map((s) => `${Math.round(s.atS / 60)}`);
const svg = svgChart(
  [
    {
      title: 'Memory (MB)',
      xLabel: 'minutes',
      xLabels: labels,
      series: [
        { name: 'RSS', color: '#2563eb', values: samples.map((s) => s.rssMb) },
        { name: 'live after GC', color: '#16a34a', values: samples.map((s) => s.liveMb) },
        { name: 'JS heap', color: '#9333ea', values: samples.map((s) => s.heapMb), dashed: true },
      ],
    },
    {
      title: 'Open file descriptors',
      xLabel: 'minutes',
      xLabels: labels,
      series: [{ name: 'fds', color: '#ea580c', values: samples.map((s) => s.fds) }],
    },
    {
      title: 'Latency p99 (ms)',
      xLabel: 'minutes',
      xLabels: labels,
      series: [
        { name: 'chunk', color: '#0891b2', values: samples.map((s) => s.chunkP99Ms) },
        { name: 'event loop', color: '#dc2626', values: samples.map((s) => s.loopP99Ms) },
      ],
    },
  ],
  `${talkers} talkers, ${minutes} minutes, sampled every ${everyS} s`,
);
mkdirSync(values.out, { recursive: true });
await writeResult(join(values.out, 'soak.md'), md);
writeFileSync(join(values.out, 'soak.svg'), svg);
await writeResult(
  join(values.out, 'soak.json'),
  JSON.stringify(
    { command, machine, talkers, minutes, everyS, warmupS, samples, verdicts },
    null,
    2,
  ),
);
process.stdout.write(md);
