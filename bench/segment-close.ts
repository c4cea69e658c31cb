/**
 * When the embedded recogniser's reading of a finished sentence is ready: the end of speech in
 * the audio → the segment's final text printed by `parley-sphinx` (its voice activity detector
 * ends the segment after `-vad_postspeech` silence, then its final pass runs). The end of turn
 * waits for that reading before a held answer goes out (relay/src/session/answer.ts), so it is
 * on the critical path of every turn.
 *
 *   pnpm bench:segment-close [--only N]
 *
 * The complete utterances of the end-of-turn set (bench/end-of-turn/utterances.ts) are written
 * to a decoder in real time as 100 ms chunks, each when a microphone would have filled it, once
 * per decision interval (`-decide`: samples between the decoder's checks for a segment's end;
 * 2,048 is pocketsphinx_continuous's, 256 what the relay runs with its end mark). Same flags
 * as the relay's otherwise; one decoder at a time on a quiet machine.
 */
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { CHUNK_SAMPLES, SAMPLE_RATE_HZ, floatToPcm16, percentile } from '@parley/shared';
import { defaultDecoderBinary } from '../relay/src/providers/embedded/pocketsphinx/decoder-binary.ts';
import { launchDecoder } from '../relay/src/providers/embedded/pocketsphinx/decoder-launch.ts';
import { readLine } from '../relay/src/providers/embedded/pocketsphinx/decoder-utterance.ts';
import { DEFAULT_DECODER_ARGS } from '../relay/src/providers/embedded/pocketsphinx/pocketsphinx.ts';
import { closeSynthesizers } from '../relay/test/fixtures/speech.ts';
import { utteranceAudio } from './end-of-turn/audio.ts';
import { endOfTurnSet, wholeText } from './end-of-turn/utterances.ts';
import { median, round } from './lib/stats.ts';

const { values } = parseArgs({ options: { only: { type: 'string' } } });
const binary = defaultDecoderBinary();
if (!binary.endsWith('parley-sphinx')) throw new Error('build parley-sphinx first');
const set = endOfTurnSet()
  .filter((u) => u.kind === 'complete')
  .slice(0, values.only ? Number(values.only) : undefined);
const audioDir = join(tmpdir(), 'parley-end-of-turn-set');
/** Loud enough to be speech (|x| over ~-40 dBFS): the last such sample ends the speech. */
const SPEECH_LEVEL = 0.01;

/** ms from the end of speech to the first final segment, and that segment's text. */
async function closeAfterSpeech(
  samples: Float32Array,
  decide: number,
): Promise<{ ms: number; text: string }> {
  let last = samples.length - 1;
  while (last > 0 && Math.abs(samples[last] ?? 0) < SPEECH_LEVEL) last--;
  // Launched as the relay launches it (its pipe, its flags), with no end mark: the segment ends
  // by the decoder's own voice activity detector, deciding every `decide` samples.
  let loaded: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (loaded = resolve));
  let resolveClosed: (closed: { at: number; text: string }) => void = () => undefined;
  const closed = new Promise<{ at: number; text: string }>((resolve) => (resolveClosed = resolve));
  const { child } = launchDecoder(
    binary,
    [...DEFAULT_DECODER_ARGS, '-decide', String(decide)],
    null,
    {
      line: (line) => {
        if (line !== '' && readLine(line).kind === 'segment')
          resolveClosed({ at: performance.now(), text: line });
      },
      loaded,
      spoke: () => undefined,
    },
  );
  await ready;
  const pcm = floatToPcm16(samples);
  const start = performance.now();
  for (let i = 0; i < pcm.length; i += CHUNK_SAMPLES) {
    const end = Math.min(i + CHUNK_SAMPLES, pcm.length);
    // Sent when the microphone has filled it.
    const due = start + (end * 1000) / SAMPLE_RATE_HZ - performance.now();
    if (due > 0) await sleep(due);
    child.stdin.write(Buffer.from(pcm.buffer, pcm.byteOffset + i * 2, (end - i) * 2));
  }
  child.stdin.end();
  const { at, text } = await closed;
  await once(child, 'exit');
  return { ms: at - (start + (last * 1000) / SAMPLE_RATE_HZ), text };
}

const decides = [2048, 256];
const figures = new Map<number, number[]>(decides.map((d) => [d, []]));
let sameText = 0;
try {
  for (const u of set) {
    const { samples } = await utteranceAudio(u, audioDir);
    const texts: string[] = [];
    for (const decide of decides) {
      const { ms, text } = await closeAfterSpeech(samples, decide);
      figures.get(decide)?.push(ms);
      texts.push(text);
      console.log(`-decide ${decide}: ${round(ms)} ms "${text}" (${wholeText(u)}, ${u.voice})`);
    }
    if (new Set(texts).size === 1) sameText++;
  }
} finally {
  await closeSynthesizers();
}
console.log(`\n${set.length} complete utterances, the same text with each: ${sameText}`);
for (const [decide, ms] of figures) {
  console.log(
    `-decide ${decide}: end of speech → closed segment median ${round(median(ms))} ms, p90 ${round(percentile(ms, 0.9))} ms`,
  );
}
