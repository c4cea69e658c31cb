/**
 * Soak: N simulated talkers on one relay (fake providers, the capacity bench's talkers) for a
 * long run — or, with `--cluster`, on two relays sharing Redis and PostgreSQL behind HAProxy —
 * each relay sampled every few seconds (RSS, JS heap, live memory after a full GC, open file
 * descriptors, event-loop delay, late chunks, turns answered and failed) with the database's
 * size and Redis's memory, to show whether anything grows after warm-up beyond the run's own
 * noise. Writes bench/results/soak{,-cluster}.{json,md,svg}.
 *
 *   pnpm bench:soak [--minutes 30] [--talkers 100] [--every 10] [--warmup-minutes 5]
 *                   [--cluster] [--out DIR]
 *   pnpm bench:soak --from bench/results/soak-cluster.json   (the report again, from a run)
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ZERO_LATENCY } from '../../relay/test/fakes/providers/provider-set.ts';
import { LoadGenerator } from '../capacity/load-generator.ts';
import { BASELINE_SETTLE_MS, relayEnv } from '../capacity/step.ts';
import { describeMachine, machineInfo } from '../lib/machine.ts';
import { round } from '../lib/stats.ts';
import { writeResult } from '../lib/write-result.ts';
import { soakMarkdown, soakSvg, verdicts, type SoakRun } from './report.ts';
import type { Sample } from './sample.ts';
import { oneRelay, twoRelays } from './targets.ts';

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '30' },
    talkers: { type: 'string', default: '100' },
    every: { type: 'string', default: '10' },
    'warmup-minutes': { type: 'string', default: '5' },
    cluster: { type: 'boolean', default: false },
    // Writes the report again from a run's JSON (after the report changed), without a run.
    from: { type: 'string' },
    out: { type: 'string', default: 'bench/results' },
  },
});
const minutes = Number(values.minutes);
const talkers = Number(values.talkers);
const everyS = Number(values.every);
const warmupS = Number(values['warmup-minutes']) * 60;
const command = ['pnpm bench:soak', ...process.argv.slice(2)].join(' ');

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const mb = (bytes: number) => round(bytes / 2 ** 20, 1);

function openFds(pid: number): number {
  try {
    return readdirSync(`/proc/${pid}/fd`).length;
  } catch {
    return NaN;
  }
}

/** Runs the soak: the target started, the talkers on it, a sample every `everyS` seconds. */
async function soak(): Promise<SoakRun> {
  const jwtSecret = randomBytes(32).toString('hex');
  const start = values.cluster ? twoRelays : oneRelay;
  const target = await start(
    { latencies: ZERO_LATENCY, lateMs: 50, settleMs: BASELINE_SETTLE_MS },
    // A session may last the whole run (the default 30-minute cap ended every call at the end of
    // the first 30-minute soak, its in-flight turns counted as failed).
    { ...relayEnv('warn', jwtSecret), MAX_SESSION_MINUTES: String(Math.ceil(minutes) + 10) },
  );
  const samples: Sample[] = [];
  let connected = 0;
  try {
    const { load, connected: c } = await LoadGenerator.start({
      wsUrl: target.wsUrl,
      clients: talkers,
      workers: 1,
      jwtSecret,
      seed: 1,
      priority: 'idle',
      connectConcurrency: 50,
      outputSampleRateHz: 'native',
      codec: 'pcm16',
    });
    connected = c.ok;
    const t0 = performance.now();
    while ((performance.now() - t0) / 1000 < minutes * 60) {
      for (const r of target.relays) r.process.startWindow();
      load.startWindow();
      await sleep(everyS * 1000);
      const [windows, workers, stores] = await Promise.all([
        Promise.all(target.relays.map((r) => r.process.endWindow())),
        load.endWindow(),
        target.stores(),
      ]);
      const s: Sample = {
        atS: Math.round((performance.now() - t0) / 1000),
        relays: windows.map((w, i) => ({
          rssMb: mb(w.rssBytes),
          heapMb: mb(w.heapUsedBytes),
          liveMb: mb(w.liveBytes),
          fds: openFds(target.relays[i]?.process.pid ?? -1),
          loopP99Ms: w.eventLoopDelayMs.p99,
          chunkP99Ms: w.chunks.p99Ms,
        })),
        lateChunks: windows.reduce((n, w) => n + w.chunks.late, 0),
        turns: windows.reduce((n, w) => n + w.turns, 0),
        turnsFailed: workers.reduce((n, x) => n + x.turnsFailed, 0),
        ...stores,
      };
      samples.push(s);
      const each = s.relays
        .map(
          (r) =>
            `RSS ${r.rssMb} MB, live ${r.liveMb} MB, fds ${r.fds}, chunk p99 ${r.chunkP99Ms} ms`,
        )
        .join(' | ');
      process.stdout.write(
        `${s.atS}s: ${each}; turns ${s.turns} (${s.turnsFailed} failed), db ${s.dbKb} kB${s.redisMb === null ? '' : `, Redis ${s.redisMb} MB`}\n`,
      );
    }
    await load.stop();
    await load.close();
  } finally {
    await target.stop();
  }

  return {
    command,
    machine: describeMachine(machineInfo()),
    target: target.label,
    relayNames: target.relays.map((r) => r.name),
    talkers,
    connected,
    minutes,
    everyS,
    warmupS,
    samples,
  };
}

const run: SoakRun = values.from
  ? (JSON.parse(readFileSync(values.from, 'utf8')) as SoakRun)
  : await soak();
const judged = verdicts(run);
const md = soakMarkdown(run, judged);
const name = run.relayNames.length > 1 ? 'soak-cluster' : 'soak';
mkdirSync(values.out, { recursive: true });
await writeResult(join(values.out, `${name}.md`), md);
writeFileSync(join(values.out, `${name}.svg`), soakSvg(run));
await writeResult(
  join(values.out, `${name}.json`),
  JSON.stringify({ ...run, verdicts: judged }, null, 2),
);
process.stdout.write(md);
