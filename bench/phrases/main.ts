/**
 * Which phrases the embedded recogniser gets right through the browser (issue 24):
 *
 *   pnpm bench:phrases
 *
 * Each candidate phrase (candidates.ts) is spoken by each of Flite's four voices into a fake
 * microphone file (48 kHz, 1 s of silence, the phrase, 4 s of silence: the e2e fixtures' shape),
 * and said RUNS times through the whole browser path: /usr/bin/chromium playing the file as its
 * microphone, the app's capture, VAD and uplink, the built relay with the embedded providers. A
 * run counts when the transcript the page shows is the phrase exactly. Each run has a fresh
 * relay, so a fresh decoder: PocketSphinx adapts to a speaker, and a new user's first words are
 * the case the empty screen's suggestion is for.
 *
 * Environment: RUNS (3), PHRASES (comma-separated; default: all candidates), VOICES
 * (slt,rms,awb,kal16), QUERY (the page's switches, e.g. `agc=1&ns=1` for the browser's voice
 * processing as it was before issue 24), NAME (results file name; default `phrases`). Writes
 * bench/results/NAME.json and NAME.md. Respects /tmp/parley-quiet.lock (waits while it exists).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildConversation } from '../../relay/test/fixtures/conversation.ts';
import { closeSynthesizers } from '../../relay/test/fixtures/speech.ts';
import { ensureBuild, startRelay } from '../client-cost/setup.ts';
import { writeResult } from '../lib/write-result.ts';
import { browserTurn } from './browser-turn.ts';
import { CANDIDATE_PHRASES, VOICES } from './candidates.ts';
import { misheard, SUGGEST_AT, summarise, table, type PhraseRun } from './report.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
// Outside test-results/: a Playwright run in the same checkout empties that folder, and the
// bench's fake microphone files went with it (every run after it heard nothing).
const FILES = mkdtempSync(join(tmpdir(), 'parley-phrases-wav-'));
const RUNS = Number(process.env.RUNS ?? 3);
const PHRASES = process.env.PHRASES ? process.env.PHRASES.split(',') : CANDIDATE_PHRASES;
const VOICE_LIST = process.env.VOICES ? process.env.VOICES.split(',') : VOICES;
const QUERY = process.env.QUERY ?? '';
const NAME = process.env.NAME ?? 'phrases';
const LOCK = '/tmp/parley-quiet.lock';

async function quiet(): Promise<void> {
  while (existsSync(LOCK)) await new Promise((r) => setTimeout(r, 15_000));
}

const fileOf = (phrase: string, voice: string) =>
  join(FILES, `${voice}-${phrase.replace(/[^a-z0-9]+/gi, '-')}.wav`);

ensureBuild(ROOT);
for (const phrase of PHRASES)
  for (const voice of VOICE_LIST) {
    const conv = await buildConversation([{ text: phrase, gapAfterMs: 4000 }], {
      leadMs: 1000,
      sampleRateHz: 48_000,
      voice,
    });
    writeFileSync(fileOf(phrase, voice), conv.wav);
  }
await closeSynthesizers();

const loadAvgBefore = loadavg();
const startedAt = Date.now();
const runs: PhraseRun[] = [];
for (const phrase of PHRASES)
  for (const voice of VOICE_LIST)
    for (let i = 1; i <= RUNS; i++) {
      await quiet();
      const relay = await startRelay(
        ROOT,
        join(ROOT, 'web/dist'),
        mkdtempSync(join(tmpdir(), 'parley-phrases-')),
      );
      try {
        const { transcript } = await browserTurn(relay.url, fileOf(phrase, voice), QUERY);
        runs.push({ phrase, voice, heard: transcript });
        console.log(`${phrase} · ${voice} · run ${i}/${RUNS}: ${transcript || '(nothing)'}`);
      } finally {
        relay.stop();
      }
    }

const rows = summarise(runs, VOICE_LIST);
const chromium = execFileSync('/usr/bin/chromium', ['--version'], {
  encoding: 'utf8',
  stdio: ['ignore', 'pipe', 'ignore'],
}).trim();
const command =
  'pnpm bench:phrases' +
  [
    process.env.RUNS ? ` RUNS=${RUNS}` : '',
    QUERY ? ` QUERY='${QUERY}'` : '',
    process.env.PHRASES ? ' PHRASES=…' : '',
  ].join('');
const loadAvgAfter = loadavg();
const results = {
  command,
  machine: { cores: cpus().length, cpu: cpus()[0]?.model.trim() ?? '?', chromium },
  conditions: {
    loadAvgBefore,
    loadAvgAfter,
    query: QUERY,
    runsPerVoice: RUNS,
    minutes: Math.round((Date.now() - startedAt) / 60_000),
  },
  suggestAt: SUGGEST_AT,
  rows,
  runs,
};
const load = (l: number[]) => l.map((x) => x.toFixed(1)).join(' ');
const md = `# Phrases recognised through the browser

\`${command}\` · ${results.machine.cpu}, ${results.machine.cores} cores · ${chromium} · load ${load(loadAvgBefore)} before, ${load(loadAvgAfter)} after · ${results.conditions.minutes} min

Each phrase spoken by Flite's voices into Chromium's fake microphone (48 kHz file), ${RUNS} runs per voice, each with a fresh relay (embedded providers: PocketSphinx, a new decoder) and a fresh browser${QUERY ? `, page switches \`?${QUERY}\`` : ''}. A run counts when the transcript the page shows is the phrase exactly. Phrases heard exactly in ${Math.round(SUGGEST_AT * 100)} % of runs or more may be suggested on the empty screen.

${table(rows, VOICE_LIST)}

What was heard instead:

${misheard(rows)}
`;
await writeResult(join(ROOT, `bench/results/${NAME}.json`), JSON.stringify(results, null, 2));
await writeResult(join(ROOT, `bench/results/${NAME}.md`), md);
console.log(`\n${md}`);
