/**
 * Pipeline overhead: voice-to-voice minus endpointing minus the providers' own latencies, with
 * fake providers of fixed, known latencies — what our code adds, and where it goes (from the
 * relay's turn marks). Writes bench/results/overhead.{json,md}.
 *
 *   pnpm bench:overhead [--runs 5] [--turns 20] [--output-rate native|48000] [--out bench/results]
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { percentile } from '@parley/shared';
import { TalkClient } from '../relay/src/talk/client.ts';
import type { FakeLatencies } from '../relay/test/fakes/providers/provider-set.ts';
import { describeMachine, machineInfo } from './lib/machine.ts';
import { RelayProcess } from './lib/relay-process.ts';
import { median } from './lib/stats.ts';
import { writeResult } from './lib/write-result.ts';
import { breakDown, STAGES, type TurnBreakdown } from './overhead/breakdown.ts';
import { overheadMarkdown, type OverheadFigures, type OverheadReport } from './overhead/report.ts';
import { Speaker } from './overhead/speaker.ts';

const argv = process.argv.slice(2);
const { values } = parseArgs({
  args: argv,
  options: {
    runs: { type: 'string', default: '5' },
    turns: { type: 'string', default: '20' },
    'output-rate': { type: 'string', default: 'native' },
    out: { type: 'string', default: 'bench/results' },
  },
  strict: true,
});
const RUNS = Math.max(1, Number(values.runs));
const TURNS = Math.max(1, Number(values.turns));
/** Reply audio rate the client asks for: 'native' (the synthesiser's own, as the browser app asks). */
const OUTPUT_RATE_HZ: number | 'native' =
  values['output-rate'] === 'native' ? 'native' : Math.max(8000, Number(values['output-rate']));
const LATENCIES: FakeLatencies = { asrFinalMs: 100, llmFirstTokenMs: 200, ttsFirstAudioMs: 100 };
const SPEECH_MS = 1500;
const ENDPOINTING_MS = 500;
const GOAL_MS = 50;
const command = ['pnpm bench:overhead', ...argv].join(' ');
const machine = machineInfo();

console.log(`Pipeline overhead — ${describeMachine(machine)}`);
console.log(`Command: ${command}\n`);

/** Medians of each figure over `turns`. */
function medians(turns: TurnBreakdown[]): OverheadFigures {
  const m = (f: (t: TurnBreakdown) => number) => median(turns.map(f));
  return {
    voiceToVoiceMs: m((t) => t.voiceToVoiceMs),
    endpointingMs: m((t) => t.endpointingMs),
    providersMs: m((t) => t.providersMs),
    overheadMs: m((t) => t.overheadMs),
    stages: Object.fromEntries(
      STAGES.map((k) => [k, m((t) => t.stages[k])]),
    ) as TurnBreakdown['stages'],
  };
}

const runs: OverheadReport['runs'] = [];
for (let run = 1; run <= RUNS; run++) {
  const relay = await RelayProcess.start({
    spec: { latencies: LATENCIES, lateMs: 100 },
    env: { LOG_LEVEL: 'info' },
  });
  try {
    const client = await TalkClient.connect(relay.wsUrl, { outputSampleRateHz: OUTPUT_RATE_HZ });
    const speaker = new Speaker(client);
    await speaker.turn(SPEECH_MS, ENDPOINTING_MS); // warm-up: first-call costs are not the steady state
    const turns: TurnBreakdown[] = [];
    for (let i = 0; i < TURNS; i++) {
      const { times, marks, status } = await speaker.turn(SPEECH_MS, ENDPOINTING_MS);
      const b = status === 'completed' ? breakDown(times, marks, LATENCIES) : null;
      if (!b)
        throw new Error(`run ${run} turn ${i + 1}: ${status ?? 'no status'}, marks incomplete`);
      turns.push(b);
    }
    client.close();
    const figures = medians(turns);
    runs.push({
      ...figures,
      overheadP90Ms: percentile(
        turns.map((t) => t.overheadMs),
        0.9,
      ),
      turns: turns.length,
    });
    console.log(
      `run ${run}/${RUNS}: voice-to-voice ${figures.voiceToVoiceMs.toFixed(1)} ms, overhead median ${figures.overheadMs.toFixed(1)} ms`,
    );
  } finally {
    await relay.stop();
  }
}

const report: OverheadReport = {
  machine,
  command,
  generatedAt: new Date().toISOString(),
  settings: {
    runs: RUNS,
    turnsPerRun: TURNS,
    speechMs: SPEECH_MS,
    endpointingMs: ENDPOINTING_MS,
    outputRateHz: OUTPUT_RATE_HZ,
    latencies: LATENCIES,
  },
  median: {
    voiceToVoiceMs: median(runs.map((r) => r.voiceToVoiceMs)),
    endpointingMs: median(runs.map((r) => r.endpointingMs)),
    providersMs: median(runs.map((r) => r.providersMs)),
    overheadMs: median(runs.map((r) => r.overheadMs)),
    stages: Object.fromEntries(
      STAGES.map((k) => [k, median(runs.map((r) => r.stages[k]))]),
    ) as TurnBreakdown['stages'],
  },
  runs,
  goalMs: GOAL_MS,
};
mkdirSync(values.out, { recursive: true });
await writeResult(join(values.out, 'overhead.json'), JSON.stringify(report));
const md = overheadMarkdown(report);
await writeResult(join(values.out, 'overhead.md'), md);
console.log(`\n${md}`);
console.log(`${machine.cores} cores. Reproduce: ${command}`);
process.exit(0);
