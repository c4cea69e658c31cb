/**
 * The one-tag widget's start (issue 64): the time from the first press of Talk to the element's
 * listening state, on a site of another origin, cold (a fresh browser profile), warm (the page
 * reloaded) and returning (the browser started again on that profile); where the time goes; and
 * the time to the first words of the answer to a spoken question.
 *
 *   pnpm bench:widget-start [--runs 10] [--lead-ms 8000] [--no-answer] [--out bench/results]
 *
 * Builds what is missing or stale, starts the built relay (embedded providers, its own data
 * folder and port) serving a private copy of widget/dist, and a site on another port; one press
 * of a throwaway profile warms the relay first (not counted). Writes
 * bench/results/widget-start.md and .json.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { cpus, getPriority, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { FIXTURES, writeConversations } from '../../e2e/global-setup.ts';
import { serveSite } from '../../e2e/widget-site.ts';
import { ensureBuild, startRelay } from '../client-cost/setup.ts';
import { writeResult } from '../lib/write-result.ts';
import {
  header,
  resultJson,
  spreadTable,
  widgetStartMarkdown,
  type WidgetStartResults,
} from './report.ts';
import { runProfile, type PressOptions } from './run.ts';
import { START_CASES, type Press } from './timeline.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '10' },
    /** Silence before the question (ms after the page asks for the microphone). */
    'lead-ms': { type: 'string', default: '8000' },
    /** Only the start: no question waited for. */
    'no-answer': { type: 'boolean', default: false },
    out: { type: 'string', default: 'bench/results' },
  },
});
const runs = Number(values.runs);
const leadMs = Number(values['lead-ms']);
if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs: a whole number, 1 or more');
if (!Number.isFinite(leadMs) || leadMs < 0) throw new Error('--lead-ms: ms, 0 or more');
const QUESTION = 'what time is it';
const answer = !values['no-answer'];

const niceness = getPriority();
const command = [
  ...(niceness > 0 ? [`nice -n ${niceness}`] : []),
  'pnpm bench:widget-start',
  ...process.argv.slice(2),
].join(' ');

ensureBuild(ROOT, false, true);
// The microphone's file: silence, the question, silence (48 kHz, as the e2e files are).
const fixture = `widget-start-${leadMs}`;
writeConversations({ [fixture]: [leadMs, QUESTION, 6000] });
const wav = `${FIXTURES}${fixture}.wav`;
const turn = (
  JSON.parse(readFileSync(`${FIXTURES}${fixture}.json`, 'utf8')) as {
    turns: { speechStartMs: number; loudEndMs: number }[];
  }
).turns[0];
if (!turn) throw new Error(`${fixture}.json has no turn`);

const loadBefore = loadavg();
const work = mkdtempSync(join(tmpdir(), 'parley-widget-start-'));
// A private copy of the widget's build: a rebuild during the runs cannot swap files under us.
const widgetDist = join(work, 'widget-dist');
cpSync(join(ROOT, 'widget/dist'), widgetDist, { recursive: true });
if (!existsSync(join(widgetDist, 'widget-call.js'))) throw new Error('widget/dist has no call');
const relay = await startRelay(ROOT, 'none', join(work, 'data'), { WIDGET_DIST: widgetDist });
// The widget's specs' site (any free port), with the CSP the call needs; its page that asks the
// site's backend for tickets.
const site = await serveSite(0, relay.url, true);
const options: PressOptions = {
  siteUrl: `${site.url}ticket-url`,
  wav,
  question: answer ? { startMs: turn.speechStartMs, endMs: turn.loudEndMs } : null,
};
const presses: Press[] = [];
try {
  // The relay's first session (its recogniser's model, Node's compiler): not the widget's start.
  const [warmUp] = await runProfile(0, ['cold'], options);
  console.log(`warm-up (not counted): listening at ${warmUp?.at.listening?.toFixed(0)} ms`);
  for (let run = 1; run <= runs; run++) {
    const got = await runProfile(run, START_CASES, options);
    presses.push(...got);
    console.log(
      `run ${run}/${runs}: click → listening ` +
        got
          .map(
            (p) =>
              `${p.case} ${p.at.listening?.toFixed(0) ?? '–'} ms` +
              (p.answerMs === null ? '' : ` (answer ${p.answerMs.toFixed(0)} ms)`) +
              (p.errors.length > 0 ? ` [${p.errors.join('; ')}]` : ''),
          )
          .join(', '),
    );
  }
} finally {
  relay.stop();
  await site.close();
  rmSync(work, { recursive: true, force: true });
}

const results: WidgetStartResults = {
  date: new Date().toISOString(),
  command,
  machine: `${cpus()[0]?.model.trim() ?? 'unknown CPU'}, ${cpus().length} cores, Node ${process.version}`,
  chromium: execFileSync('/usr/bin/chromium', ['--version'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  }).trim(),
  load: { before: loadBefore, after: loadavg() },
  recogniser: process.env.ASR_PROVIDERS
    ? `\`ASR_PROVIDERS=${process.env.ASR_PROVIDERS}\``
    : 'the shipped default (`ASR_PROVIDERS` unset)',
  runs,
  question: answer ? { text: QUESTION, leadMs } : null,
  presses,
};
console.log(
  `\n── Click → listening (ms) ──\n${header(results)}\n\n${spreadTable(presses, (p) => p.at.listening)}`,
);
mkdirSync(values.out, { recursive: true });
await writeResult(join(values.out, 'widget-start.md'), widgetStartMarkdown(results));
await writeResult(join(values.out, 'widget-start.json'), resultJson(results));
console.log(`\nWrote ${values.out}/widget-start.md and .json`);
process.exit(0);
