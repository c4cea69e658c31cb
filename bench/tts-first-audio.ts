/**
 * Flite's first audio: a sentence handed to the embedded voice → its first audio block, per
 * voice and sentence length, the way a turn asks (one sentence at a time, the worker idle in
 * between). This is the TTS share of voice to voice with the embedded providers.
 *
 *   pnpm bench:tts            (RUNS=5 per voice and sentence by default)
 */
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { FliteTts } from '../relay/src/providers/embedded/flite/flite.ts';
import { median, round, worst } from './lib/stats.ts';

const RUNS = Number(process.env.RUNS ?? 5);
/** Replies of the offline responder, short to long (the first sentence is what is waited for). */
const SENTENCES = [
  "It's 4:05 PM.",
  'Twelve times seven is 84.',
  "I can't answer that yet; connect a model in Settings.",
  "I'm Parley's offline responder, a simple program on this relay. Connect a model in Settings for real answers.",
];
const VOICES = ['slt', 'rms', 'awb', 'kal16'];
/** Idle time between two sentences: a turn's reply is not back to back with the next one. */
const GAP_MS = 300;

const tts = new FliteTts();
await tts.ready();
const rows: string[] = [];
try {
  for (const text of SENTENCES) {
    const cells: string[] = [];
    for (const voice of VOICES) {
      const firsts: number[] = [];
      for (let run = 0; run < RUNS; run++) {
        await sleep(GAP_MS);
        const started = performance.now();
        let first: number | null = null;
        const signal = new AbortController().signal;
        for await (const block of tts.synthesize({ text, voice, signal })) {
          if (block.length > 0) first ??= performance.now() - started;
        }
        if (first !== null) firsts.push(first);
      }
      cells.push(`${round(median(firsts), 0)} / ${round(worst(firsts), 0)}`);
    }
    rows.push(`| ${text.length} | ${cells.join(' | ')} |`);
  }
} finally {
  await tts.close();
}

const markdown = [
  '# Flite: sentence → first audio (ms, median / worst)',
  '',
  `\`pnpm bench:tts\` · ${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores, Node ${process.version} · ${RUNS} runs each, ${GAP_MS} ms apart`,
  '',
  `| characters | ${VOICES.join(' | ')} |`,
  `| ---: | ${VOICES.map(() => '---:').join(' | ')} |`,
  ...rows,
  '',
].join('\n');
writeFileSync('bench/results/tts-first-audio.md', markdown);
console.log(markdown);
