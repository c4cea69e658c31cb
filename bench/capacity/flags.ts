import { parseArgs } from 'node:util';
import { parseGeneratorPriority, type GeneratorPriority } from '../lib/thread-priority.ts';

export interface CapacityFlags {
  /** Simulated clients per step. */
  steps: number[];
  /** Measurement window per step (s). */
  durationS: number;
  /** Talking before the window opens (s). */
  warmupS: number;
  /** Runs of each step; figures are their medians (failures: the worst run). */
  repeat: number;
  workers: number;
  connectConcurrency: number;
  /**
   * Reply audio rate the clients ask for: 'native' (the synthesiser's own; what the browser app
   * asks for, resampling in its AudioContext) or a rate the relay resamples to for each client.
   */
  outputRateHz: number | 'native';
  /** How audio travels: `pcm16` (default) or `opus` both ways. */
  codec: 'pcm16' | 'opus';
  lateMs: number;
  /**
   * Also run this many clients once with the relay's event loop profiled; `auto`: the first step
   * past the goal (else the largest); 0: no profile.
   */
  profile: number | 'auto';
  /**
   * How the load generator's threads yield to the relay: `idle` (`SCHED_IDLE`: they run only on
   * a core the relay does not want, as if the clients were on other machines) or a niceness
   * 0–19 (0: they compete as equals).
   */
  generatorPriority: GeneratorPriority;
  /**
   * Clients for the host calibration before the ramp (a bare `ws` server's CPU per microphone
   * frame, see host-calibration.ts); 0: none.
   */
  calibrate: number;
  logLevel: string;
  /** Folder for the results (JSON, markdown, SVG, profile). */
  out: string;
  seed: number;
}

const CAPACITY_USAGE = `pnpm bench:capacity [--steps 100,250,500,1000,2000] [--duration 30] [--warmup 10]
  [--repeat 3] [--workers 2] [--connect-concurrency 50] [--output-rate native|48000] [--codec pcm16|opus] [--late-ms 100] [--profile 0|N|auto]
  [--generator-priority idle|0-19] [--calibrate 500] [--log-level info] [--out bench/results] [--seed 1]`;

function generatorPriority(text: string): GeneratorPriority {
  const p = parseGeneratorPriority(text);
  if (p === null)
    throw new Error(`--generator-priority must be idle or a niceness 0–19\n${CAPACITY_USAGE}`);
  return p;
}

function codecFlag(text: string): 'pcm16' | 'opus' {
  if (text !== 'pcm16' && text !== 'opus')
    throw new Error(`--codec must be pcm16 or opus\n${CAPACITY_USAGE}`);
  return text;
}

/** Reads the bench's flags; throws with the usage on anything unknown or malformed. */
export function parseCapacityFlags(argv: string[]): CapacityFlags {
  const { values } = parseArgs({
    args: argv,
    options: {
      steps: { type: 'string', default: '100,250,500,1000,2000' },
      duration: { type: 'string', default: '30' },
      warmup: { type: 'string', default: '10' },
      repeat: { type: 'string', default: '3' },
      workers: { type: 'string', default: '2' },
      'connect-concurrency': { type: 'string', default: '50' },
      'output-rate': { type: 'string', default: 'native' },
      codec: { type: 'string', default: 'pcm16' },
      'late-ms': { type: 'string', default: '100' },
      profile: { type: 'string', default: '0' },
      'generator-priority': { type: 'string', default: 'idle' },
      calibrate: { type: 'string', default: '500' },
      'log-level': { type: 'string', default: 'info' },
      out: { type: 'string', default: 'bench/results' },
      seed: { type: 'string', default: '1' },
    },
    strict: true,
    allowPositionals: false,
  });
  const num = (name: string, text: string, min: number) => {
    const x = Number(text);
    if (!Number.isFinite(x) || x < min)
      throw new Error(`--${name} must be a number ≥ ${min}\n${CAPACITY_USAGE}`);
    return x;
  };
  return {
    steps: values.steps.split(',').map((s) => Math.round(num('steps', s.trim(), 1))),
    durationS: num('duration', values.duration, 1),
    warmupS: num('warmup', values.warmup, 0),
    repeat: Math.round(num('repeat', values.repeat, 1)),
    workers: Math.round(num('workers', values.workers, 1)),
    connectConcurrency: Math.round(num('connect-concurrency', values['connect-concurrency'], 1)),
    outputRateHz:
      values['output-rate'] === 'native'
        ? 'native'
        : Math.round(num('output-rate', values['output-rate'], 8000)),
    codec: codecFlag(values.codec),
    lateMs: num('late-ms', values['late-ms'], 1),
    profile: values.profile === 'auto' ? 'auto' : Math.round(num('profile', values.profile, 0)),
    generatorPriority: generatorPriority(values['generator-priority']),
    calibrate: Math.round(num('calibrate', values.calibrate, 0)),
    logLevel: values['log-level'],
    out: values.out,
    seed: Math.round(num('seed', values.seed, 0)),
  };
}
