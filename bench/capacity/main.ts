/**
 * Relay capacity: N simulated talkers (headless protocol clients over worker threads) against
 * one relay process with fast fake providers, ramping N; per step the chunk latency through the
 * relay, event-loop delay, CPU, memory, drops and failures, and the client-observed end of
 * speech → first reply audio. Writes bench/results/capacity.{json,md,svg}.
 *
 *   pnpm bench:capacity [--steps 100,250,500,1000,2000] [--duration 30] [--repeat 3] [--profile N]
 *                       [--output-rate native|48000] (see flags.ts)
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type CpuProfile,
  selfTimeByModule,
  topSelfTime,
  topTotalTime,
} from '../lib/cpu-profile.ts';
import { calibrateHost, type HostCalibration } from '../lib/host-calibration.ts';
import { describeMachine, machineInfo } from '../lib/machine.ts';
import { writeResult } from '../lib/write-result.ts';
import { capacityChart } from './chart.ts';
import { parseCapacityFlags } from './flags.ts';
import { capacityMarkdown, describeCalibration, type CapacityReport } from './report.ts';
import { runStep, type StepOptions, type StepResult } from './step.ts';
import { breakingPoint, summariseStep } from './summary.ts';
import { capacityTable } from './table.ts';

const argv = process.argv.slice(2);
const flags = parseCapacityFlags(argv);
const command = ['pnpm bench:capacity', ...argv].join(' ');
const machine = machineInfo();
mkdirSync(flags.out, { recursive: true });

const base = (clients: number, seed: number): StepOptions => ({
  clients,
  warmupS: flags.warmupS,
  durationS: flags.durationS,
  workers: flags.workers,
  connectConcurrency: flags.connectConcurrency,
  outputRateHz: flags.outputRateHz,
  codec: flags.codec,
  lateMs: flags.lateMs,
  seed,
  generatorPriority: flags.generatorPriority,
  logLevel: flags.logLevel,
});

console.log(`Relay capacity — ${describeMachine(machine)}`);
console.log(`Command: ${command}\n`);

let calibration: HostCalibration | null = null;
if (flags.calibrate > 0) {
  calibration = await calibrateHost({
    clients: flags.calibrate,
    warmupS: 2,
    windows: 3,
    windowS: 4,
  });
  console.log(`Host calibration: ${describeCalibration(calibration)}\n`);
}

const results: StepResult[][] = [];
const failedSteps: CapacityReport['failedSteps'] = [];
for (const clients of flags.steps) {
  const runs: StepResult[] = [];
  for (let r = 0; r < flags.repeat; r++) {
    const result = await runStep(base(clients, flags.seed + 1000 * r)).catch((err: unknown) => {
      const error =
        err instanceof Error ? (err.message.split('\n')[0] ?? err.message) : String(err);
      failedSteps.push({ clients, run: r + 1, error });
      console.log(`${clients} talkers (run ${r + 1}/${flags.repeat}): did not complete: ${error}`);
      return null;
    });
    if (!result) continue;
    runs.push(result);
    const s = summariseStep([result]);
    console.log(
      `${clients} talkers (run ${r + 1}/${flags.repeat}): chunk p50/p99 ${s.chunkP50Ms}/${s.chunkP99Ms} ms, ` +
        `loop delay p99 ${s.eventLoopDelayP99Ms.toFixed(1)} ms, CPU ${s.relayCpuPercent} %, ` +
        `EoS→audio p50/p99 ${s.eosToAudioP50Ms}/${s.eosToAudioP99Ms} ms ` +
        `(relay ${s.relayEosToAudioP50Ms}/${s.relayEosToAudioP99Ms}), ` +
        `late/dropped ${s.lateChunks}/${s.droppedChunks}, failed conn. ${s.failedConnections}`,
    );
  }
  if (runs.length > 0) results.push(runs);
}

let profile: CapacityReport['profile'] = null;
const profileAt =
  flags.profile === 'auto'
    ? (breakingPoint(results.map(summariseStep)).breaksAt ?? Math.max(...flags.steps))
    : flags.profile;
if (profileAt > 0) {
  // The raw profile is large and machine-specific: summarised in the results, kept in /tmp.
  const path = join(mkdtempSync(join(tmpdir(), 'parley-relay-profile-')), 'relay.cpuprofile');
  console.log(`\nProfiling the relay's event loop at ${profileAt} talkers (into ${path})…`);
  const profiled = await runStep({ ...base(profileAt, flags.seed), cpuProfilePath: path });
  const cpu = JSON.parse(readFileSync(path, 'utf8')) as CpuProfile;
  profile = {
    clients: profileAt,
    step: summariseStep([profiled]),
    topFunctions: topSelfTime(cpu, 25),
    byModule: selfTimeByModule(cpu, 15),
    ourPaths: topTotalTime(cpu, /\/(relay|shared)\/src\//, 25),
  };
}

const rows = results.map(summariseStep);
const report: CapacityReport = {
  machine,
  calibration,
  command,
  flags,
  generatedAt: new Date().toISOString(),
  rows,
  breaking: breakingPoint(rows),
  failedSteps,
  profile,
  runs: results,
};
await writeResult(join(flags.out, 'capacity.json'), JSON.stringify(report));
await writeResult(join(flags.out, 'capacity.md'), capacityMarkdown(report));
writeFileSync(join(flags.out, 'capacity.svg'), capacityChart(report));

console.log(`\n${capacityTable(rows)}\n`);
const { holdsUpTo, breaksAt } = report.breaking;
console.log(
  `Within the goal (chunk p99 ≤ 5 ms, 0 late/dropped/failed) up to ${holdsUpTo ?? 'none'} talkers; ` +
    `first step past it: ${breaksAt ?? 'none'}.`,
);
if (profile) {
  console.log(`\nRelay CPU profile at ${profile.clients} talkers, self time:`);
  for (const e of profile.topFunctions.slice(0, 15))
    console.log(`  ${e.selfPercent.toFixed(1)} %  ${e.name}`);
}
if (calibration) console.log(`\nHost calibration: ${describeCalibration(calibration)}`);
console.log(`\n${machine.cores} cores. Reproduce: ${command}`);
console.log(`Wrote ${join(flags.out, 'capacity.{json,md,svg}')}`);
process.exit(0);
