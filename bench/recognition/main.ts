/**
 * How well the offline recognisers hear, on the same audio, through the relay's own providers:
 * PocketSphinx (the embedded recogniser) and Moonshine (`ASR_PROVIDERS=moonshine`), each
 * utterance streamed in 100 ms chunks (faster than real time) and finished.
 *
 *   pnpm bench:recognition [--out bench/results] [--only N]
 *
 * Sets: the end-of-turn bench's 80 complete sentences (the 50 the policy is tuned on and the
 * 30 held out) by Flite's voices, each by its speaker as that bench says it; and recorded human
 * speech, Debian's pocketsphinx-testdata (./real-speech.ts; skipped where not installed). Word
 * error rate as ./word-errors.ts scores it; the time from the end of the audio to the text.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { floatToPcm16 } from '@parley/shared';
import { MoonshineAsr } from '../../relay/src/providers/embedded/moonshine/moonshine.ts';
import { PocketSphinxAsr } from '../../relay/src/providers/embedded/pocketsphinx/pocketsphinx.ts';
import type { AsrProvider } from '../../relay/src/providers/types.ts';
import { closeSynthesizers } from '../../relay/test/fixtures/speech.ts';
import { utteranceAudio } from '../end-of-turn/audio.ts';
import { endOfTurnSet, speakerName, wholeText } from '../end-of-turn/utterances.ts';
import { writeResult } from '../lib/write-result.ts';
import { recordedSpeech, TESTDATA_DIR } from './real-speech.ts';
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
}

const startedAt = Date.now();
const loadBefore = loadavg();
const audioDir = join(tmpdir(), 'parley-end-of-turn-set');

const utterances: Utterance[] = [];
for (const part of ['all', 'held-out'] as const)
  for (const u of endOfTurnSet(part)
    .filter((x) => x.kind === 'complete')
    .slice(0, only)) {
    const { samples } = await utteranceAudio(u, audioDir);
    utterances.push({ set: 'Flite', who: speakerName(u), text: wholeText(u), samples });
  }
const recorded = recordedSpeech();
const silence = new Float32Array(8_000);
for (const r of (recorded ?? []).slice(0, only))
  utterances.push({
    set: 'recorded',
    who: r.id,
    text: r.text,
    samples: Float32Array.from([...silence, ...r.samples, ...silence]),
  });

async function hear(asr: AsrProvider, u: Utterance): Promise<Heard> {
  const stream = asr.start({ sampleRateHz: 16_000, signal: new AbortController().signal });
  const pcm = floatToPcm16(u.samples);
  for (let at = 0; at < pcm.length; at += 1_600) stream.write(pcm.slice(at, at + 1_600));
  const t = performance.now();
  const { text } = await stream.finish();
  const finalMs = performance.now() - t;
  const ref = scoredWords(u.text);
  return {
    recogniser: asr.info.label,
    set: u.set,
    who: u.who,
    text: u.text,
    heard: text,
    errors: wordErrors(ref, scoredWords(text)),
    words: ref.length,
    finalMs,
  };
}

const sphinx = new PocketSphinxAsr({ poolSize: 1 });
const moonshine = new MoonshineAsr();
await Promise.all([sphinx.ready(), moonshine.ready()]);
const results: Heard[] = [];
try {
  for (const [i, u] of utterances.entries())
    for (const asr of [sphinx, moonshine]) {
      const heard = await hear(asr, u);
      results.push(heard);
      console.log(`${i + 1}/${utterances.length} ${JSON.stringify(heard)}`);
    }
} finally {
  await Promise.all([sphinx.close(), moonshine.close()]);
  await closeSynthesizers();
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const pct = (n: number, d: number) => (d === 0 ? '–' : `${((100 * n) / d).toFixed(1)} %`);
const rows: string[] = [];
for (const set of ['recorded', 'Flite'] as const)
  for (const asr of [sphinx, moonshine]) {
    const of = results.filter((r) => r.set === set && r.recogniser === asr.info.label);
    if (of.length === 0) continue;
    const errors = of.reduce((s, r) => s + r.errors, 0);
    const words = of.reduce((s, r) => s + r.words, 0);
    const whole = of.filter((r) => r.errors === 0).length;
    rows.push(
      `| ${set} | ${asr.info.label} | ${pct(errors, words)} (${errors} / ${words}) | ${whole} / ${of.length} | ${Math.round(median(of.map((r) => r.finalMs)))} ms |`,
    );
  }
const listed = results
  .filter((r) => r.set === 'recorded')
  .map((r) => `- ${r.recogniser}, ${r.who}: "${r.heard}" for "${r.text}" (${r.errors} errors)`);
const markdown = [
  '# Recognition: PocketSphinx and Moonshine on the same audio',
  '',
  `\`pnpm bench:recognition${only === undefined ? '' : ` --only ${only}`}\` · ${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores, Node ${process.version} · load ${loadBefore.map((x) => x.toFixed(1)).join(' ')} before, ${loadavg()
    .map((x) => x.toFixed(1))
    .join(' ')} after · ${Math.round((Date.now() - startedAt) / 60_000)} min`,
  '',
  'Each utterance streamed in 100 ms chunks into the relay’s own providers and finished. Word error rate: substitutions, deletions and insertions over the reference’s words, lower case, punctuation dropped, figures spelt out (bench/recognition/word-errors.ts). Final: the end of the audio → the text.',
  '',
  '| set | recogniser | word error rate | utterances heard whole | final, median |',
  '| --- | --- | ---: | ---: | ---: |',
  ...rows,
  '',
  recorded === null
    ? `Recorded speech: not installed here (${TESTDATA_DIR}; \`apt-get install pocketsphinx-testdata\`).`
    : `Recorded speech: Debian's pocketsphinx-testdata (${TESTDATA_DIR}): human voices, the only ones on this machine.`,
  '',
  ...listed,
  '',
].join('\n');
mkdirSync(values.out, { recursive: true });
await writeResult(join(values.out, 'recognition.md'), markdown);
writeFileSync(join(values.out, 'recognition.json'), JSON.stringify(results, null, 1));
console.log(`\n${markdown}`);
process.exit(0);
