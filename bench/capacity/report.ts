import type { ProfileEntry } from '../lib/cpu-profile.ts';
import type { HostCalibration } from '../lib/host-calibration.ts';
import { describeMachine, type MachineInfo } from '../lib/machine.ts';
import type { CapacityFlags } from './flags.ts';
import { BASELINE_SETTLE_MS, type StepResult } from './step.ts';
import { GOAL, type StepSummary } from './summary.ts';
import { capacityTable, conditionsTable } from './table.ts';

/** Everything bench/results/capacity.json holds. */
export interface CapacityReport {
  machine: MachineInfo;
  /** What a bare `ws` server costs per microphone frame on this host (null: not measured). */
  calibration: HostCalibration | null;
  command: string;
  flags: CapacityFlags;
  generatedAt: string;
  rows: StepSummary[];
  breaking: { holdsUpTo: number | null; breaksAt: number | null };
  /** Runs that could not be measured (e.g. the relay stopped answering). */
  failedSteps: { clients: number; run: number; error: string }[];
  profile: {
    clients: number;
    step: StepSummary;
    topFunctions: ProfileEntry[];
    byModule: ProfileEntry[];
    /** Inclusive time of our own functions (relay/src, shared/src). */
    ourPaths: ProfileEntry[];
  } | null;
  /** Every run of every step, unsummarised. */
  runs: StepResult[][];
}

/** The competitor figure the issue compares with (1,000 talkers, fake providers). */
const COMPETITOR =
  'A well-known open-source TypeScript voice relay (raw PCM over WebSocket, no auth, acks or ' +
  'metering), 1,000 talkers with fake providers: end of speech → first reply audio p50 0.8 ms / ' +
  'p99 18 ms, ~1.2 ms CPU per turn, ~60 KiB per connection, bends at ~1,300 talkers.';

/** The host calibration in one sentence: how fast this host is for every relay's least work. */
export function describeCalibration(c: HostCalibration): string {
  return (
    `a bare \`ws\` server (its own process, counting messages and nothing else) spends ` +
    `**${c.cpuPerFrameUs} µs of CPU per 3.2 KB microphone frame** on this host ` +
    `(${c.clients} clients × 10 frames/s over loopback, median of ${c.windowsUs.length} windows: ` +
    `${c.windowsUs.join(', ')} µs). At 30 frames per turn that is ` +
    `${((30 * c.cpuPerFrameUs) / 1000).toFixed(2)} ms of CPU per turn before any reply: the floor ` +
    'under any relay on Node and `ws`, and the figure to scale by when comparing hosts.'
  );
}

export function capacityMarkdown(r: CapacityReport): string {
  const f = r.flags;
  const out = [
    '# Relay capacity',
    '',
    `Machine: ${describeMachine(r.machine)}. Generated ${r.generatedAt}.`,
    '',
    ...(r.calibration ? [`Host calibration: ${describeCalibration(r.calibration)}`, ''] : []),
    `Reproduce: \`${r.command}\``,
    '',
    `One relay process (fake ASR/LLM/TTS answering at once, SQLite on disk, \`LOG_LEVEL=${f.logLevel}\`, ` +
      'JWT auth, one user per talker) and the load generator on the same machine; ' +
      (f.outputRateHz === 'native'
        ? 'clients ask for reply audio at the synthesiser’s own rate, as the browser app does (the ' +
          'fake TTS speaks 16 kHz; the relay sends it as it is, the browser resamples); '
        : `clients ask for reply audio at ${f.outputRateHz} Hz (the fake TTS speaks 16 kHz: the relay ` +
          `${f.outputRateHz === 16_000 ? 'sends it as it is' : 'resamples it for each client'}); `) +
      `${f.workers} worker thread(s) of headless protocol clients` +
      (f.generatorPriority === 'idle'
        ? ' under `SCHED_IDLE`, V8’s GC threads included (they run only on a core the relay does ' +
          'not want: the relay gets the CPU first, as it would with its clients on other ' +
          'machines; `--generator-priority 0` makes them compete as equals)'
        : f.generatorPriority > 0
          ? ` at niceness ${f.generatorPriority}, V8’s GC threads included (the relay gets the ` +
            'CPU first; `--generator-priority 0` makes them compete as equals)'
          : ' competing with the relay for the CPU as equals') +
      ', all connected before any ' +
      'talks (each then starts at a random point of its first cycle). Each talker speaks 2–4 s in ' +
      'real-time 100 ms PCM16 chunks (16 kHz), ends the utterance, waits for the reply, listens ' +
      `to it for its length, thinks 0.5–1.5 s, repeats. Per step: ${f.warmupS} s of warm-up, ` +
      `${f.durationS} s measured; ${f.repeat} run(s) per step (medians; late, dropped and failed ` +
      'from the worst run).',
    '',
    capacityTable(r.rows),
    '',
    `Goal: chunk p99 ≤ ${GOAL.chunkP99Ms} ms with nothing late, dropped or failed. ` +
      `Within it up to **${r.breaking.holdsUpTo ?? 'none'}** talkers; first step past it: ` +
      `**${r.breaking.breaksAt ?? 'none'}**.`,
    '',
    "- **chunk**: a microphone chunk from the client's `send` to the fake recogniser's `write` " +
      "in the relay process (both on this machine's clock): kernel, the relay's event-loop " +
      `queue and its handling. Late: over ${f.lateMs} ms. Dropped: sent by a client but never ` +
      'handed to the recogniser (plus chunks a client journal lost).',
    '- **streaming (avg)**: talkers sending microphone audio at the same moment (the rest wait ' +
      'for, listen to or think about a reply).',
    '- **event-loop delay**: `monitorEventLoopDelay` in the relay process. **relay CPU**: ' +
      '`process.cpuUsage` of the relay process, % of one core. **RSS / live per session**: the ' +
      `relay's RSS over its idle RSS (read after ${BASELINE_SETTLE_MS / 1000} s idle, once V8 has handed start-up memory ` +
      'back), per live session (so it includes garbage not yet collected and the headroom V8 ' +
      'keeps); live: the JS heap in use plus buffers after two full GCs at the end of the window, ' +
      'over the same when idle, per session: what the sessions themselves hold.',
    '- **EoS → reply audio**: client-observed, `utterance.end` sent → first reply audio frame ' +
      "received (the fakes answer at once, so this is the relay's own time plus queueing, " +
      "the load generator's included). **in the relay**: the same turns timed by the relay " +
      '(`turn.done`): `utterance.end` received → first reply audio handed to the socket. ' +
      '**CPU ms / turn**: relay CPU over the window ÷ turns answered in it (everything: audio ' +
      'in, turn, audio out, storage).',
    '',
    ...(r.failedSteps.length === 0
      ? []
      : [
          'Runs that could not be measured: ' +
            r.failedSteps.map((s) => `${s.clients} talkers (run ${s.run}): ${s.error}`).join('; ') +
            '.',
          '',
        ]),
    '## Conditions',
    '',
    conditionsTable(r.rows),
    '',
    "- **relay handling**: `parley_chunk_relay_seconds`, the relay's own time from the binary " +
      "message reaching the connection to the recogniser's `write` (no queueing).",
    '- **relay preempted / s**: involuntary context switches of the relay process — the kernel ' +
      'gave its core to another process (the load generator, or other work on the machine).',
    '- **relay GC**: time the relay spent in garbage collection pauses, % of the window, and the ' +
      'longest pause (V8 `gc` performance entries).',
    '',
    `For comparison: ${COMPETITOR}`,
    '',
  ];
  if (r.profile) {
    out.push(
      `## Relay CPU profile at ${r.profile.clients} talkers`,
      '',
      "V8's CPU profiler (what `node --cpu-prof` runs) on the relay's event loop over the " +
        'measurement window of one extra run (not in the table). Self time, % of samples ' +
        '(`(idle)` is the loop waiting). That run: relay CPU ' +
        `${r.profile.step.relayCpuPercent} %, ${r.profile.step.cpuMsPerTurn} ms CPU per turn, ` +
        `chunk p99 ${r.profile.step.chunkP99Ms} ms (the profiler itself costs some).`,
      '',
      '| self % | function |',
      '|-:|-|',
      ...r.profile.topFunctions.map((e) => `| ${e.selfPercent.toFixed(1)} | \`${e.name}\` |`),
      '',
      '| self % | package / folder |',
      '|-:|-|',
      ...r.profile.byModule.map((e) => `| ${e.selfPercent.toFixed(1)} | \`${e.name}\` |`),
      '',
      'Our code paths, total time (the function and everything it called):',
      '',
      '| total % | function |',
      '|-:|-|',
      ...r.profile.ourPaths.map((e) => `| ${e.selfPercent.toFixed(1)} | \`${e.name}\` |`),
      '',
    );
  }
  return out.join('\n');
}
