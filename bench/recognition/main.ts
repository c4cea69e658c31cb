/**
 * How well the relay's offline recognisers write, on the same audio, through the relay's own
 * engines: the shipped default (`ASR_PROVIDERS` unset: Moonshine writes, PocketSphinx listens)
 * and PocketSphinx alone (`ASR_PROVIDERS=pocketsphinx`), each utterance streamed in 100 ms
 * chunks (faster than real time) and finished; then how long a human voice's finished sentence
 * waits for its answer, with each.
 *
 *   pnpm bench:recognition [--out bench/results] [--only N]
 *
 * Sets: recorded human speech, Debian's pocketsphinx-testdata (../speech/real-speech.ts; skipped where
 * not installed); and the end-of-turn bench's 80 complete sentences by Flite's voices (the 50 the
 * policy is tuned on and the 30 held out), each by its speaker as that bench says it. Word error
 * rate as ./word-errors.ts scores it; the time from the end of the audio to the text. The wait:
 * the human recordings streamed in real time by the headless client into a relay with each
 * recogniser, under the end-of-turn policy (bench/end-of-turn/run.ts): end of speech → first
 * reply audio.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { floatToPcm16 } from '@parley/shared';
import { loadProviderPlan } from '../../relay/src/providers/config/provider-config.ts';
import { EmbeddedEngines } from '../../relay/src/providers/embedded/embedded-engines.ts';
import { MOONSHINE_ENGINE } from '../../relay/src/providers/embedded/moonshine/moonshine-engine.ts';
import { POCKETSPHINX_ENGINE } from '../../relay/src/providers/embedded/pocketsphinx/pocketsphinx-engine.ts';
import type { AsrProvider } from '../../relay/src/providers/stages/asr.ts';
import { closeSynthesizers } from '../../relay/test/fixtures/speech.ts';
import { startTestRelay } from '../../relay/test/harness.ts';
import { utteranceAudio } from '../end-of-turn/audio.ts';
import { summarise, type Outcome } from '../end-of-turn/report.ts';
import { recogniserEnv, streamSet } from '../end-of-turn/run.ts';
import { endOfTurnSet, speakerName, wholeText } from '../end-of-turn/utterances.ts';
import { writeResult } from '../lib/write-result.ts';
import { recordedSpeech, TESTDATA_DIR } from '../speech/real-speech.ts';
import { scoredWords, wordErrors } from './word-errors.ts';

const { values } = parseArgs({
  options: {
    out: { type: 'string', default: 'bench/results' },
    only: { type: 'string' },
  },
});
const only = values.only === undefined ? undefined : Number(values.only);

interface Utterance {
  set: 'Flite' | 'recorded';
  who: string;
  text: string;
  samples: Float32Array;
}

/** A recogniser as the relay builds it, by its `ASR_PROVIDERS` (undefined: unset). */
interface Recogniser {
  name: string;
  asrProviders: string | undefined;
  asr: AsrProvider;
}

interface Heard {
  recogniser: string;
  set: Utterance['set'];
  who: string;
  text: string;
  heard: string;
  errors: number;
  words: number;
  /** End of the audio (finish) → the text (ms). */
  finalMs: number;
  /** Why no text came (a timeout on a starved machine): not scored, counted apart. */
  failed?: string;
}

const startedAt = Date.now();
const loadBefore = loadavg();
const audioDir = join(tmpdir(), 'parley-end-of-turn-set');

const utterances: Utterance[] = [];
const recorded = recordedSpeech();
const silence = new Float32Array(8_000);
for (const r of (recorded ?? []).slice(0, only))
  utterances.push({
    set: 'recorded',
    who: r.id,
    text: r.text,
    samples: Float32Array.from([...silence, ...r.samples, ...silence]),
  });
for (const part of ['all', 'held-out'] as const)
  for (const u of endOfTurnSet(part)
    .filter((x) => x.kind === 'complete')
    .slice(0, only)) {
    const { samples } = await utteranceAudio(u, audioDir);
    utterances.push({ set: 'Flite', who: speakerName(u), text: wholeText(u), samples });
  }

async function hear(r: Recogniser, u: Utterance): Promise<Heard> {
  const stream = r.asr.start({ sampleRateHz: 16_000, signal: new AbortController().signal });
  const pcm = floatToPcm16(u.samples);
  for (let at = 0; at < pcm.length; at += 1_600) stream.write(pcm.slice(at, at + 1_600));
  const t = performance.now();
  const ref = scoredWords(u.text);
  const said = { recogniser: r.name, set: u.set, who: u.who, text: u.text, words: ref.length };
  const text = await stream.finish().then(
    (result) => result.text,
    (error: unknown) => error as Error,
  );
  const finalMs = performance.now() - t;
  if (text instanceof Error)
    return { ...said, heard: '', errors: 0, finalMs, failed: text.message };
  return {
    recogniser: r.name,
    set: u.set,
    who: u.who,
    text: u.text,
    heard: text,
    errors: wordErrors(ref, scoredWords(text)),
    words: ref.length,
    finalMs,
  };
}

// The engines as a relay with ASR_PROVIDERS unset builds them (its plan: the default chain).
const engines = new EmbeddedEngines({ ...loadProviderPlan({}), pocketsphinxSpares: 1 });
const recognisers: Recogniser[] = [
  {
    name: 'the default: Moonshine writes, PocketSphinx listens',
    asrProviders: undefined,
    asr: engines.engine(MOONSHINE_ENGINE),
  },
  {
    name: 'PocketSphinx alone',
    asrProviders: 'pocketsphinx',
    asr: engines.engine(POCKETSPHINX_ENGINE),
  },
];
const results: Heard[] = [];
try {
  await engines.ready();
  for (const [i, u] of utterances.entries())
    for (const r of recognisers) {
      const heard = await hear(r, u);
      results.push(heard);
      console.log(`${i + 1}/${utterances.length} ${JSON.stringify(heard)}`);
    }
} finally {
  await engines.close();
}

/** The human recordings answered in real time by a relay with each recogniser (policy rule). */
const waits = new Map<Recogniser, Outcome[]>();
try {
  const human = recorded === null ? [] : endOfTurnSet('human').slice(0, only);
  for (const r of human.length === 0 ? [] : recognisers) {
    const relay = await startTestRelay({
      POCKETSPHINX_SPARES: '1',
      ...recogniserEnv(r.asrProviders),
    });
    try {
      const outcomes = await streamSet(relay.wsUrl, human, {
        rules: ['policy'],
        eagerness: 'balanced',
        audioDir,
        onOutcome: (o, i) => console.log(`wait ${r.name} ${i + 1} ${JSON.stringify(o)}`),
      });
      waits.set(r, outcomes);
    } finally {
      await relay.close();
    }
  }
} finally {
  await closeSynthesizers();
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const pct = (n: number, d: number) => (d === 0 ? '–' : `${((100 * n) / d).toFixed(1)} %`);
const setCells = (r: Recogniser, set: Utterance['set']): string => {
  const all = results.filter((x) => x.set === set && x.recogniser === r.name);
  const of = all.filter((x) => x.failed === undefined);
  if (of.length === 0) return '– | – | –';
  const failed = all.length - of.length;
  const errors = of.reduce((s, x) => s + x.errors, 0);
  const words = of.reduce((s, x) => s + x.words, 0);
  const whole = of.filter((x) => x.errors === 0).length;
  const finalMs = Math.round(median(of.map((x) => x.finalMs)));
  const unread = failed === 0 ? '' : ` (${failed} failed, not scored)`;
  return `${pct(errors, words)} (${errors} / ${words})${unread} | ${whole} / ${of.length} | ${finalMs} ms`;
};
const asrCell = (r: Recogniser) =>
  r.asrProviders === undefined ? '(unset)' : `\`${r.asrProviders}\``;
const ms = (x: number | null) => (x === null ? '–' : `${x} ms`);
const waitRows = [...waits.entries()].map(([r, outcomes]) => {
  const s = summarise(outcomes, 'policy');
  const split = outcomes.filter((o) => o.turns > 1).length;
  return `| ${r.name} | ${asrCell(r)} | ${ms(s.v2vMedianMs)} / ${ms(s.v2vP90Ms)} | ${s.waitedPast700} / ${s.complete} | ${split} / ${s.complete} |`;
});
const waitList = [...waits.entries()].flatMap(([r, outcomes]) =>
  outcomes.map(
    (o) =>
      `- ${r.name}, ${o.voice}: ${ms(o.voiceToVoiceMs)}, heard ${o.heard.map((h) => `"${h}"`).join(' + ')}${o.firstEndOfTurn ? ` (${o.firstEndOfTurn.waitMs} ms, ${o.firstEndOfTurn.reason})` : ''}`,
  ),
);
const listed = results
  .filter((r) => r.set === 'recorded')
  .map((r) =>
    r.failed === undefined
      ? `- ${r.recogniser}, ${r.who}: "${r.heard}" for "${r.text}" (${r.errors} errors)`
      : `- ${r.recogniser}, ${r.who}: failed (${r.failed})`,
  );
const markdown = [
  '# Recognition: the default and PocketSphinx alone, on human voices and on Flite’s',
  '',
  `\`pnpm bench:recognition${only === undefined ? '' : ` --only ${only}`}\` · ${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores, Node ${process.version} · load ${loadBefore.map((x) => x.toFixed(1)).join(' ')} before, ${loadavg()
    .map((x) => x.toFixed(1))
    .join(' ')} after · ${Math.round((Date.now() - startedAt) / 60_000)} min`,
  '',
  'Each utterance streamed in 100 ms chunks into the relay’s own engines, built as a relay with that `ASR_PROVIDERS` builds them, and finished. Word error rate: substitutions, deletions and insertions over the reference’s words, lower case, punctuation dropped, figures spelt out (bench/recognition/word-errors.ts). Final: the end of the audio → the text.',
  '',
  '| recogniser | `ASR_PROVIDERS` | human voices: word error rate | heard whole | final, median | Flite’s voices: word error rate | heard whole | final, median |',
  '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |',
  ...recognisers.map(
    (r) => `| ${r.name} | ${asrCell(r)} | ${setCells(r, 'recorded')} | ${setCells(r, 'Flite')} |`,
  ),
  '',
  recorded === null
    ? `Recorded speech: not installed here (${TESTDATA_DIR}; \`apt-get install pocketsphinx-testdata\`).`
    : `Human voices: Debian's pocketsphinx-testdata (${TESTDATA_DIR}), the only recorded voices on this machine. Flite's: the end-of-turn bench's complete sentences (50 tuned on, 30 held out).`,
  '',
  '## How long a human voice waits for its answer',
  '',
  'The human recordings (800 ms of silence before, 2.5 s after) streamed in real time by the headless client into a relay with the embedded providers and that recogniser, the end of the turn decided by the policy (words and voice, balanced), as `pnpm bench:end-of-turn --set human --rule policy` does. Voice to voice: end of speech in the file → first reply audio received. Split: one sentence answered as two turns.',
  '',
  '| recogniser | `ASR_PROVIDERS` | voice to voice median / p90 | waiting > 700 ms | split |',
  '| --- | --- | ---: | ---: | ---: |',
  ...(waitRows.length === 0 ? ['| – | – | – | – | – |'] : waitRows),
  '',
  ...waitList,
  '',
  '## What each wrote of the human voices',
  '',
  ...listed,
  '',
].join('\n');
mkdirSync(values.out, { recursive: true });
await writeResult(join(values.out, 'recognition.md'), markdown);
writeFileSync(
  join(values.out, 'recognition.json'),
  JSON.stringify(
    {
      heard: results,
      waits: [...waits].map(([r, outcomes]) => ({ recogniser: r.name, outcomes })),
    },
    null,
    1,
  ),
);
console.log(`\n${markdown}`);
process.exit(0);
