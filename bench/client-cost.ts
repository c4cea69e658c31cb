/**
 * What the web client costs the user's machine: main-thread and AudioWorklet-thread time per
 * second of audio during a real conversation (capture, VAD, streaming, playback), split by phase,
 * and the size of the JavaScript the page loads up front vs lazily.
 *
 *   pnpm bench:client
 *
 * Builds the app and the relay first when web/dist or relay/dist is missing or older than the
 * sources, starts the built relay (embedded providers) serving a private copy of web/dist on a
 * free port, and runs RUNS conversations in /usr/bin/chromium with the e2e fake microphone,
 * traced over CDP with few categories (the figures); then one attribution run with detailed
 * categories and V8's sampling profiler (where the time goes). Medians over the runs. Writes
 * bench/results/<OUT>.json and .md.
 *
 * Environment: RUNS (5), FIXTURE (five-turns; see e2e/global-setup.ts), PROFILE (1; 0 skips the
 * attribution run), OUT (client-cost), DIST (another build of the web app to measure instead of
 * web/dist, e.g. for an A/B of a change), COMPARE (an earlier results JSON: adds a before/after
 * table), COMPARE_LABEL (before), COMPARE_NOTE (what changed, printed above that table).
 */
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { execFileSync } from 'node:child_process';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { format, resolveConfig } from 'prettier';
import globalSetup, { CONVERSATIONS, FIXTURES } from '../e2e/global-setup.ts';
import { measureBundle } from './client-cost/bundle-size.ts';
import {
  ATTRIBUTION_CATEGORIES,
  MEASURE_CATEGORIES,
  runConversation,
  type ConversationResult,
} from './client-cost/conversation.ts';
import {
  eventBreakdown,
  median,
  REPORTED,
  reportedSeconds,
  threadFigures,
  wasmCompile,
} from './client-cost/figures.ts';
import { profileThreads } from './client-cost/profile.ts';
import {
  bundleTable,
  comparisonTable,
  costTable,
  attributionText,
  header,
  markdown,
  type ClientCostResults,
} from './client-cost/report.ts';
import { ensureBuild, startRelay } from './client-cost/setup.ts';
import { summarise, type TraceSummary } from './client-cost/trace.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const RUNS = Number(process.env.RUNS ?? 5);
const FIXTURE = process.env.FIXTURE ?? 'five-turns';
const PROFILE = process.env.PROFILE !== '0';
const OUT = process.env.OUT ?? 'client-cost';
const DIST = process.env.DIST;
const shellQuote = (v: string) => (/^[\w./:@-]*$/.test(v) ? v : `'${v.replaceAll("'", `'\\''`)}'`);
const COMMAND = [
  ...['RUNS', 'FIXTURE', 'PROFILE', 'OUT', 'DIST', 'COMPARE', 'COMPARE_LABEL', 'COMPARE_NOTE']
    .filter((k) => process.env[k] !== undefined)
    .map((k) => `${k}=${shellQuote(process.env[k] ?? '')}`),
  'pnpm bench:client',
].join(' ');

const loadAvgBefore = loadavg();
ensureBuild(ROOT, DIST === undefined);
// A private copy of the build: a rebuild of web/dist during the runs cannot swap chunks under us.
const work = mkdtempSync(join(tmpdir(), 'parley-client-cost-'));
const webDist = join(work, 'web-dist');
cpSync(DIST ?? join(ROOT, 'web/dist'), webDist, { recursive: true });
globalSetup();
if (!(FIXTURE in CONVERSATIONS))
  throw new Error(`FIXTURE must be one of ${Object.keys(CONVERSATIONS).join(', ')}`);
const wav = `${FIXTURES}${FIXTURE}.wav`;
const fixture = JSON.parse(readFileSync(`${FIXTURES}${FIXTURE}.json`, 'utf8')) as {
  sampleRateHz: number;
  turns: unknown[];
};
// 16-bit mono after a 44-byte header.
const fixtureSeconds = (statSync(wav).size - 44) / 2 / fixture.sampleRateHz;

const machine = {
  cores: cpus().length,
  cpu: cpus()[0]?.model.trim() ?? '?',
  node: process.version,
  chromium: execFileSync('/usr/bin/chromium', ['--version'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  }).trim(),
};
const bundle = measureBundle(webDist);
const conditions = (): ClientCostResults['conditions'] => ({
  loadAvgBefore,
  loadAvgAfter: loadavg(),
  note:
    'other agents may run CPU-heavy work on this 2-core machine at the same time, and the relay ' +
    '(PocketSphinx ASR, Flite TTS) shares its cores with the browser',
});
console.log(
  `\n── Initial JavaScript (gzip -9) ──\n${header({ machine, command: COMMAND, conditions: conditions() })}\n\n${bundleTable(bundle)}\n`,
);

const relay = await startRelay(ROOT, webDist, join(work, 'data'));
const summaries: TraceSummary[] = [];
const apps: ConversationResult['app'][] = [];
let attribution: ClientCostResults['attribution'] = null;
try {
  const conversation = (categories: string[]) =>
    runConversation({ baseUrl: relay.url, wav, turns: fixture.turns.length, categories });
  for (let i = 1; i <= RUNS; i++) {
    const started = Date.now();
    const r = await conversation(MEASURE_CATEGORIES);
    const s = summarise(r.trace);
    summaries.push(s);
    apps.push(r.app);
    const [main, worklet] = threadFigures([s], Infinity);
    console.log(
      `run ${i}/${RUNS}: ${reportedSeconds(s).conversation.toFixed(1)} s of conversation in ` +
        `${((Date.now() - started) / 1000).toFixed(0)} s; CPU ms/s: ` +
        `${main?.thread} ${main?.rates.conversation.cpuMsPerS.toFixed(1)}, ` +
        `${worklet?.thread} ${worklet?.rates.conversation.cpuMsPerS.toFixed(1)}`,
    );
  }
  if (PROFILE) {
    const r = await conversation(ATTRIBUTION_CATEGORIES);
    const s = summarise(r.trace);
    attribution = {
      seconds: reportedSeconds(s).conversation,
      events: threadFigures([s], Infinity)
        .slice(0, 2)
        .map((t) => ({ thread: t.thread, top: eventBreakdown([s], t.thread) })),
      profile: profileThreads(r.trace, s.rendererPid, s.phases, webDist),
    };
  }
} finally {
  relay.stop();
}

const compare = process.env.COMPARE;
const results: ClientCostResults = {
  date: new Date().toISOString(),
  command: COMMAND,
  machine,
  conditions: conditions(),
  fixture: { name: FIXTURE, turns: fixture.turns.length, seconds: fixtureSeconds },
  runs: RUNS,
  traceCategories: { measured: MEASURE_CATEGORIES, attribution: ATTRIBUTION_CATEGORIES },
  phaseSeconds: Object.fromEntries(
    REPORTED.map((p) => [p, median(summaries.map((s) => reportedSeconds(s)[p]))]),
  ) as ClientCostResults['phaseSeconds'],
  perRun: summaries.map((s) => {
    const [main, worklet] = threadFigures([s], Infinity);
    return {
      conversationSeconds: reportedSeconds(s).conversation,
      mainCpuMsPerS: main?.rates.conversation.cpuMsPerS ?? NaN,
      workletCpuMsPerS: worklet?.rates.conversation.cpuMsPerS ?? NaN,
    };
  }),
  app: apps.at(-1) ?? {},
  bundle,
  threads: threadFigures(summaries),
  wasmCompile: wasmCompile(summaries),
  attribution,
  before: compare
    ? {
        label: process.env.COMPARE_LABEL ?? 'before',
        note: process.env.COMPARE_NOTE ?? '',
        results: JSON.parse(readFileSync(compare, 'utf8')) as ClientCostResults,
      }
    : undefined,
};

console.log(
  `\n── CPU per second of audio: ms of thread CPU (busy wall ms), median of ${RUNS} ──\n${header(results)}\n\n${costTable(results)}`,
);
if (attribution)
  console.log(
    `\n── Where the time goes (attribution run) ──\n${header(results)}\n\n${attributionText(attribution)}`,
  );
if (results.before)
  console.log(`\n── Before / after ──\n${header(results)}\n\n${comparisonTable(results)}`);

mkdirSync(join(ROOT, 'bench/results'), { recursive: true });
const { before, ...saved } = results;
const beforeSummary = before && {
  label: before.label,
  note: before.note,
  date: before.results.date,
  perRun: before.results.perRun,
  threads: before.results.threads,
};
// Written as the repository's formatter would write them (`prettier --check` covers bench/).
const write = async (file: string, text: string) => {
  const options = await resolveConfig(file);
  writeFileSync(file, await format(text, { ...options, filepath: file }));
};
await write(
  join(ROOT, `bench/results/${OUT}.json`),
  JSON.stringify({ ...saved, ...(beforeSummary ? { before: beforeSummary } : {}) }, null, 2),
);
await write(join(ROOT, `bench/results/${OUT}.md`), markdown(results));
console.log(`\nWrote bench/results/${OUT}.json and bench/results/${OUT}.md`);
rmSync(work, { recursive: true, force: true });
