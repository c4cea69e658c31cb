/**
 * What Moonshine costs a running relay in memory: the built relay (`relay/dist/main.js`, as
 * `npm start` runs it) started on a fresh data folder with PocketSphinx alone, then with the
 * default (Moonshine writes) on one worker, then on two; each one's resident set read from
 * /proc once Moonshine said it was ready (or, PocketSphinx alone, once it listened) and the
 * resident set had stopped growing. Nothing is said to it: the figure is the model at rest, one
 * copy per worker, before any user speaks.
 *
 *   pnpm run build && node --import tsx bench/recognition/moonshine-memory.ts [--port 13850]
 *     [--out bench/results]
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { writeResult } from '../lib/write-result.ts';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '13850' },
    out: { type: 'string', default: 'bench/results' },
  },
});

interface Setup {
  name: string;
  env: Record<string, string>;
  /** The log line that says the recogniser is loaded. */
  readyLine: string;
}

const SETUPS: Setup[] = [
  {
    name: 'PocketSphinx alone (`ASR_PROVIDERS=pocketsphinx`)',
    env: { ASR_PROVIDERS: 'pocketsphinx' },
    readyLine: 'relay listening',
  },
  {
    name: 'the default, one Moonshine worker (`MOONSHINE_WORKERS=1`)',
    env: { MOONSHINE_WORKERS: '1' },
    readyLine: 'moonshine ready',
  },
  {
    name: 'the default, two Moonshine workers (`MOONSHINE_WORKERS=2`)',
    env: { MOONSHINE_WORKERS: '2' },
    readyLine: 'moonshine ready',
  },
];

/** A field of /proc/<pid>/status, in MiB. */
function statusMib(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`${field}:`));
  return Math.round(Number(line?.split(/\s+/)[1] ?? 0) / 1024);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Starts the relay with `setup`, waits for it to be loaded and settled; its memory (MiB). */
async function measure(setup: Setup): Promise<{ rss: number; peak: number; runtime: string }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'parley-memory-'));
  const child = spawn(process.execPath, ['relay/dist/main.js'], {
    env: {
      ...process.env,
      PORT: values.port,
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      WEB_DIST: 'none',
      LOG_LEVEL: 'info',
      ...setup.env,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    let runtime = '';
    await new Promise<void>((resolve, reject) => {
      let buffered = '';
      child.stdout.on('data', (data: Buffer) => {
        buffered += data.toString();
        for (const line of buffered.split('\n').slice(0, -1)) {
          const entry = JSON.parse(line) as { msg?: string; runtime?: string };
          if (entry.msg === setup.readyLine) {
            runtime = entry.runtime ?? '';
            resolve();
          }
        }
        buffered = buffered.slice(buffered.lastIndexOf('\n') + 1);
      });
      child.on('exit', (code) =>
        reject(new Error(`the relay exited (${code}) before it was ready`)),
      );
    });
    const pid = child.pid ?? 0;
    // Settled: the resident set grew by less than 2 MiB over a second, three times running.
    let last = statusMib(pid, 'VmRSS');
    for (let steady = 0; steady < 3;) {
      await sleep(1000);
      const now = statusMib(pid, 'VmRSS');
      steady = Math.abs(now - last) < 2 ? steady + 1 : 0;
      last = now;
    }
    // Which runtime computes: onnxruntime-node's library is mapped into the process.
    const maps = readFileSync(`/proc/${pid}/maps`, 'utf8');
    if (setup.readyLine === 'moonshine ready' && runtime === '')
      runtime = maps.includes('libonnxruntime') ? 'native' : 'wasm';
    return { rss: last, peak: statusMib(pid, 'VmHWM'), runtime };
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const loadBefore = loadavg();
const rows: string[][] = [];
let base: number | null = null;
for (const setup of SETUPS) {
  const m = await measure(setup);
  base ??= m.rss;
  rows.push([
    setup.name,
    m.runtime === '' ? '–' : m.runtime,
    m.rss.toString(),
    m.peak.toString(),
    setup === SETUPS[0] ? '–' : `+${m.rss - base}`,
  ]);
  console.log(rows.at(-1)?.join(' | '));
}
const cells = (r: string[]) => `| ${r.join(' | ')} |`;
const header = [
  'relay',
  'runtime',
  'resident, MiB',
  'peak resident, MiB',
  'beyond PocketSphinx alone, MiB',
];
const markdown = [
  '# What Moonshine costs a running relay in memory',
  '',
  `\`node --import tsx bench/recognition/moonshine-memory.ts\` · ${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores, Node ${process.version} · load ${loadBefore.map((x) => x.toFixed(1)).join(' ')} before, ${loadavg()
    .map((x) => x.toFixed(1))
    .join(' ')} after`,
  '',
  'The built relay (`relay/dist/main.js`) on a fresh data folder, at rest once its recogniser was loaded and its resident set had stopped growing (VmRSS of /proc; peak: VmHWM, the loading included). PocketSphinx’s decoders are processes of their own, not counted here.',
  '',
  cells(header),
  cells(header.map((_, i) => (i < 2 ? '---' : '---:'))),
  ...rows.map(cells),
  '',
].join('\n');
mkdirSync(values.out, { recursive: true });
await writeResult(join(values.out, 'moonshine-memory.md'), markdown);
console.log(markdown);
