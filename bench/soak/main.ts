/**
 * Soak: N simulated talkers on one relay (fake providers, the capacity bench's talkers) for a
 * long run — or, with `--cluster`, on `--relays` relays (two by default) sharing Redis and
 * PostgreSQL behind HAProxy — each relay sampled every few seconds (RSS, JS heap, live memory
 * after a full GC, open file descriptors, event-loop delay, late chunks, turns answered and
 * failed) with the database's size and Redis's memory, to show whether anything grows after
 * warm-up beyond the run's own noise. Writes bench/results/soak{,-cluster,-cluster-N}.{json,md,svg}.
 *
 * With three relays or more, the last one is killed with SIGKILL at `--kill-at-minutes` (half
 * the run unless given; 0: never) and started again `--restart-after` seconds later: the report
 * says how many talkers resumed, how many turns failed and how many microphone chunks were lost.
 *
 *   pnpm bench:soak [--minutes 30] [--talkers 100] [--every 10] [--warmup-minutes 5]
 *                   [--cluster [--relays 2] [--kill-at-minutes M] [--restart-after 30]] [--out DIR]
 *   pnpm bench:soak --from bench/results/soak-cluster.json   (the report again, from a run)
 */
import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ZERO_LATENCY } from '../../relay/test/fakes/providers/provider-set.ts';
import { LoadGenerator } from '../capacity/load-generator.ts';
import { BASELINE_SETTLE_MS, relayEnv } from '../capacity/step.ts';
import { describeMachine, machineInfo } from '../lib/machine.ts';
import { round } from '../lib/stats.ts';
import { writeResult } from '../lib/write-result.ts';
import type { WorkerTotals } from '../capacity/worker-protocol.ts';
import { killAndRestart, type Series, type SoakFault } from './fault.ts';
import { resultName, soakMarkdown, soakSvg, verdicts, type SoakRun } from './report.ts';
import type { Sample } from './sample.ts';
import { oneRelay, relayCluster } from './targets.ts';

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '30' },
    talkers: { type: 'string', default: '100' },
    every: { type: 'string', default: '10' },
    'warmup-minutes': { type: 'string', default: '5' },
    cluster: { type: 'boolean', default: false },
    relays: { type: 'string', default: '2' },
    'kill-at-minutes': { type: 'string' },
    'restart-after': { type: 'string', default: '30' },
    // Writes the report again from a run's JSON (after the report changed), without a run.
    from: { type: 'string' },
    out: { type: 'string', default: 'bench/results' },
  },
});
const minutes = Number(values.minutes);
const talkers = Number(values.talkers);
const everyS = Number(values.every);
const warmupS = Number(values['warmup-minutes']) * 60;
const relayCount = values.cluster ? Number(values.relays) : 1;
if (!Number.isInteger(relayCount) || relayCount < 1 || (values.cluster && relayCount < 2))
  throw new Error(`--relays: a whole number, 2 or more with --cluster (got ${values.relays})`);
/** When the last relay is killed (s after the talkers start); null: never. */
const killAtS = !values.cluster
  ? null
  : values['kill-at-minutes'] !== undefined
    ? Number(values['kill-at-minutes']) * 60 || null
    : relayCount >= 3
      ? (minutes * 60) / 2
      : null;
const restartAfterS = Number(values['restart-after']);
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
  // Before anything starts: the load the run began under (the other work on the machine).
  const machine = describeMachine(machineInfo());
  const jwtSecret = randomBytes(32).toString('hex');
  const spec = { latencies: ZERO_LATENCY, lateMs: 50, settleMs: BASELINE_SETTLE_MS };
  // A session may last the whole run (the default 30-minute cap ended every call at the end of
  // the first 30-minute soak, its in-flight turns counted as failed).
  const env = {
    ...relayEnv('warn', jwtSecret),
    MAX_SESSION_MINUTES: String(Math.ceil(minutes) + 10),
  };
  const target = values.cluster
    ? await relayCluster(relayCount, spec, env)
    : await oneRelay(spec, env);
  const series: Series[] = target.relays.map((r) => ({ name: r.name, process: r.process }));
  const samples: Sample[] = [];
  const errors: Record<string, number> = {};
  let connected = 0;
  let delivery: WorkerTotals | undefined;
  let fault: SoakFault | undefined;
  let restarted: Promise<void> = Promise.resolve();
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
    const atS = () => Math.round((performance.now() - t0) / 1000);
    while ((performance.now() - t0) / 1000 < minutes * 60) {
      if (killAtS !== null && !fault && atS() >= killAtS && target.kill && target.restart) {
        const { kill, restart } = target;
        ({ fault, restarted } = await killAndRestart({ kill, restart }, series, relayCount - 1, {
          atS,
          restartAfterS,
        }));
      }
      // The relays running as the window starts: one started meanwhile waits for the next.
      const windowed = series.map((r) => r.process);
      for (const p of windowed) p?.startWindow();
      load.startWindow();
      await sleep(everyS * 1000);
      const [windows, workers, stores] = await Promise.all([
        Promise.all(windowed.map((p) => (p?.running ? p.endWindow() : Promise.resolve(null)))),
        load.endWindow(),
        target.stores(),
      ]);
      for (const w of workers)
        for (const [code, n] of Object.entries(w.errors)) errors[code] = (errors[code] ?? 0) + n;
      const s: Sample = {
        atS: atS(),
        relays: series.map((_, i) => {
          const w = windows[i];
          if (!w) return null;
          return {
            rssMb: mb(w.rssBytes),
            heapMb: mb(w.heapUsedBytes),
            liveMb: mb(w.liveBytes),
            fds: openFds(windowed[i]?.pid ?? -1),
            loopP99Ms: w.eventLoopDelayMs.p99,
            chunkP99Ms: w.chunks.p99Ms,
            sessions: w.sessions,
          };
        }),
        lateChunks: windows.reduce((n, w) => n + (w?.chunks.late ?? 0), 0),
        turns: windows.reduce((n, w) => n + (w?.turns ?? 0), 0),
        turnsFailed: workers.reduce((n, x) => n + x.turnsFailed, 0),
        ...stores,
      };
      samples.push(s);
      const each = s.relays
        .map((r, i) =>
          r
            ? `RSS ${r.rssMb} MB, live ${r.liveMb} MB, fds ${r.fds}, chunk p99 ${r.chunkP99Ms} ms, ${r.sessions} sessions`
            : `${series[i]?.name} down`,
        )
        .join(' | ');
      process.stdout.write(
        `${s.atS}s: ${each}; turns ${s.turns} (${s.turnsFailed} failed), db ${s.dbKb} kB${s.redisMb === null ? '' : `, Redis ${s.redisMb} MB`}\n`,
      );
    }
    delivery = await load.stop();
    await load.close();
  } finally {
    await restarted;
    await target.stop();
  }

  return {
    command,
    machine,
    loadAtEnd: Math.round((loadavg()[0] ?? 0) * 100) / 100,
    target: target.label,
    relayNames: series.map((r) => r.name),
    talkers,
    connected,
    minutes,
    everyS,
    warmupS,
    samples,
    delivery,
    errors,
    ...(fault ? { fault } : {}),
  };
}

const run: SoakRun = values.from
  ? (JSON.parse(readFileSync(values.from, 'utf8')) as SoakRun)
  : await soak();
const judged = verdicts(run);
const md = soakMarkdown(run, judged);
const name = resultName(run);
mkdirSync(values.out, { recursive: true });
await writeResult(join(values.out, `${name}.md`), md);
writeFileSync(join(values.out, `${name}.svg`), soakSvg(run));
await writeResult(
  join(values.out, `${name}.json`),
  JSON.stringify({ ...run, verdicts: judged }, null, 2),
);
process.stdout.write(md);
