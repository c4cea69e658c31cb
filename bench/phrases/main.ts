/**
 * Which phrases the embedded recogniser gets right through the browser (issue 24):
 *
 *   pnpm bench:phrases
 *
 * Each candidate phrase (candidates.ts) is spoken by each of Flite's four voices into a fake
 * microphone file (48 kHz, 1 s of silence, the phrase, 4 s of silence: the e2e fixtures' shape),
 * and said RUNS times through the whole browser path: /usr/bin/chromium playing the file as its
 * microphone, the app's capture, VAD and uplink, the built relay with the embedded providers. A
 * run counts when the transcript the page shows is the phrase's words exactly (case and
 * punctuation aside). By default each run has a fresh relay, so a fresh decoder: a new user's
 * first words. With RELAY=warm one relay hears every run, phrases and voices shuffled, as a
 * relay in use does (its decoders have heard others before; the Opus uplink is decoded after
 * them): a newcomer's third phrase is not a relay's first. The measurements a suggested phrase
 * must pass: measurements.ts.
 *
 * Environment: RUNS (3), PHRASES (comma-separated; default: all candidates), VOICES
 * (slt,rms,awb,kal16), RELAY (`fresh`, the default, or `warm`), ASR (the relay's
 * ASR_PROVIDERS, e.g. `moonshine`; default: the relay's own), QUERY (the page's switches, e.g.
 * `agc=1&ns=1` for the browser's voice processing as it was before issue 24), NAME (results file
 * name; default `phrases`), APPEND (`1`: the runs are added to those NAME.json holds, e.g. new
 * phrases measured as the others were). Writes bench/results/NAME.json and NAME.md. Respects
 * /tmp/parley-quiet.lock (waits while it exists).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
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
const WARM = process.env.RELAY === 'warm';
const ASR = process.env.ASR ?? '';
const RELAY_ENV: Record<string, string> = ASR ? { ASR_PROVIDERS: ASR } : {};
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
const planned = PHRASES.flatMap((phrase) =>
  VOICE_LIST.flatMap((voice) => Array.from({ length: RUNS }, (_, i) => ({ phrase, voice, i }))),
);
// A relay in use hears the phrases in no particular order (Fisher–Yates).
if (WARM)
  for (let i = planned.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    const [a, b] = [planned[i], planned[j]];
    if (a && b) [planned[i], planned[j]] = [b, a];
  }
const newRelay = () =>
  startRelay(
    ROOT,
    join(ROOT, 'web/dist'),
    mkdtempSync(join(tmpdir(), 'parley-phrases-')),
    RELAY_ENV,
  );
const warm = WARM ? await newRelay() : null;
try {
  for (const { phrase, voice, i } of planned) {
    await quiet();
    const relay = warm ?? (await newRelay());
    try {
      const { transcript } = await browserTurn(relay.url, fileOf(phrase, voice), QUERY);
      runs.push({ phrase, voice, heard: transcript });
      console.log(`${phrase} · ${voice} · run ${i + 1}/${RUNS}: ${transcript || '(nothing)'}`);
    } finally {
      if (relay !== warm) relay.stop();
    }
  }
} finally {
  warm?.stop();
}

/** What an earlier run wrote to the same results file (APPEND=1), kept with its conditions. */
interface Earlier {
  command: string;
  conditions: Record<string, unknown>;
  runs: PhraseRun[];
  earlier?: { command: string; conditions: Record<string, unknown> }[];
}
const RESULTS = join(ROOT, `bench/results/${NAME}.json`);
const earlier: Earlier | null =
  process.env.APPEND === '1' && existsSync(RESULTS)
    ? (JSON.parse(readFileSync(RESULTS, 'utf8')) as Earlier)
    : null;
const allRuns = [...(earlier?.runs ?? []), ...runs];
const rows = summarise(allRuns, VOICE_LIST);
const chromium = execFileSync('/usr/bin/chromium', ['--version'], {
  encoding: 'utf8',
  stdio: ['ignore', 'pipe', 'ignore'],
}).trim();
const command =
  'pnpm bench:phrases' +
  [
    process.env.RUNS ? ` RUNS=${RUNS}` : '',
    WARM ? ' RELAY=warm' : '',
    ASR ? ` ASR=${ASR}` : '',
    QUERY ? ` QUERY='${QUERY}'` : '',
    process.env.PHRASES ? ` PHRASES='${PHRASES.join(',')}'` : '',
    process.env.APPEND === '1' ? ' APPEND=1' : '',
  ].join('');
const loadAvgAfter = loadavg();
const results = {
  command,
  machine: { cores: cpus().length, cpu: cpus()[0]?.model.trim() ?? '?', chromium },
  conditions: {
    loadAvgBefore,
    loadAvgAfter,
    query: QUERY,
    relay: WARM ? 'warm' : 'fresh',
    asr: ASR || 'the relay default',
    runsPerVoice: RUNS,
    minutes: Math.round((Date.now() - startedAt) / 60_000),
  },
  earlier: earlier
    ? [{ command: earlier.command, conditions: earlier.conditions }, ...(earlier.earlier ?? [])]
    : [],
  suggestAt: SUGGEST_AT,
  rows,
  runs: allRuns,
};
const load = (l: number[]) => l.map((x) => x.toFixed(1)).join(' ');
const md = `# Phrases recognised through the browser

\`${command}\` · ${results.machine.cpu}, ${results.machine.cores} cores · ${chromium} · load ${load(loadAvgBefore)} before, ${load(loadAvgAfter)} after · ${results.conditions.minutes} min

Each phrase spoken by Flite's voices into Chromium's fake microphone (48 kHz file), ${RUNS} runs per voice, ${WARM ? 'all heard by one relay in shuffled order (a relay in use: its decoders have heard the runs before)' : 'each with a fresh relay (a new decoder)'}, recognised by ${ASR ? `\`ASR_PROVIDERS=${ASR}\`` : 'the relay’s default (embedded: PocketSphinx)'}, and a fresh browser${QUERY ? `, page switches \`?${QUERY}\`` : ''}. A run counts when the transcript the page shows is the phrase's words exactly (case and punctuation aside). Phrases heard exactly in ${Math.round(SUGGEST_AT * 100)} % of runs or more may be suggested on the empty screen, if every measurement of bench/phrases/measurements.ts says so.

${
  results.earlier.length > 0
    ? `With the runs of earlier commands on the same results file (APPEND=1): ${results.earlier
        .map((e) => `\`${e.command}\``)
        .join(', ')}.\n\n`
    : ''
}${table(rows, VOICE_LIST)}

What was heard instead:

${misheard(rows)}
`;
await writeResult(RESULTS, JSON.stringify(results, null, 2));
await writeResult(join(ROOT, `bench/results/${NAME}.md`), md);
console.log(`\n${md}`);
