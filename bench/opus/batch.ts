/**
 * What Opus alone does to recognition (issue 26): the 60 utterances of the end-of-turn set,
 * each decoded whole by the embedded recogniser as PCM16 and after an Opus round trip at the
 * uplink's settings. No relay, no turn-taking: the same audio, the same decoder, the codec the
 * only difference.
 *
 *   pnpm bench:opus:batch [--out bench/results]
 *
 * Writes bench/results/opus-batch-recognition.{json,md}.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { closeSynthesizers } from '../../relay/test/fixtures/speech.ts';
import { utteranceAudio } from '../end-of-turn/audio.ts';
import { endOfTurnSet, wholeText } from '../end-of-turn/utterances.ts';
import { describeMachine, machineInfo } from '../lib/machine.ts';
import { wordErrorRate } from '../lib/word-errors.ts';
import { batchTranscripts } from './batch-recognition.ts';

const { values } = parseArgs({ options: { out: { type: 'string', default: 'bench/results' } } });
const set = endOfTurnSet();
const audioDir = join(tmpdir(), 'parley-end-of-turn-set');
const speech: Float32Array[] = [];
try {
  for (const u of set) speech.push((await utteranceAudio(u, audioDir)).samples);
} finally {
  await closeSynthesizers();
}
const heard = await batchTranscripts(speech);
const pairs = (codec: 'pcm16' | 'opus') =>
  set.map((u, i) => ({ said: wholeText(u), heard: heard[codec][i] ?? '', voice: u.voice }));
const rows = (['pcm16', 'opus'] as const).map((codec) => {
  const p = pairs(codec);
  return {
    codec,
    wer: wordErrorRate(p),
    exact: p.filter((x) => wordErrorRate([x]) === 0).length,
  };
});
const words = set.reduce((n, u) => n + wholeText(u).split(/\s+/).length, 0);
const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
const [pcm, opus] = rows;
const markdown = [
  '# What Opus alone does to recognition',
  '',
  `\`pnpm bench:opus:batch\` · ${describeMachine(machineInfo())}`,
  '',
  `The ${set.length} utterances of the end-of-turn set (${words} words, Flite's four voices, half with a pause inside), each decoded whole by the embedded recogniser (PocketSphinx, the relay's settings) as PCM16 and after an Opus round trip (100 ms chunks, 16 kHz, 20 ms packets, VoIP, voice, 24 kbit/s, complexity 10, decoded by the relay's decoder); each codec as one speaker, in order. No turn-taking: the codec is the only difference.`,
  '',
  '| codec | word error rate | heard exactly |',
  '| --- | ---: | ---: |',
  ...rows.map((r) => `| ${r.codec} | ${pct(r.wer)} | ${r.exact}/${set.length} |`),
  '',
  `Opus changes the word error rate by ${(((opus?.wer ?? 0) - (pcm?.wer ?? 0)) * 100).toFixed(1)} points.`,
  '',
  'Where the transcripts differ:',
  '',
  ...set.flatMap((u, i) =>
    heard.pcm16[i] !== heard.opus[i]
      ? [`- "${wholeText(u)}" (${u.voice}): PCM16 "${heard.pcm16[i]}", Opus "${heard.opus[i]}"`]
      : [],
  ),
  '',
].join('\n');
mkdirSync(values.out, { recursive: true });
writeFileSync(join(values.out, 'opus-batch-recognition.md'), markdown);
writeFileSync(
  join(values.out, 'opus-batch-recognition.json'),
  JSON.stringify({ rows, words, heard }, null, 1),
);
console.log(markdown);
process.exit(0);
