/**
 * What chunks shorter than the wire's 100 ms would do to a recorded `pnpm bench:barge-in` run
 * (issue 61, item 5), with no relay and no clock: each word of the run comes as much sooner as
 * the audio it needed would have been sent sooner, and the policy judges the sounds again
 * (replaySound, readings as ./replay.ts makes them). How much audio each word needed is the
 * decoder's own count when it said it (its "@" line), a function of the audio alone: taken from
 * a ./decoder-pace.ts run of the same set, matched word by word. What the relay, the decoder's
 * pace and the socket add stays as the run had it.
 *
 *   node --import tsx bench/barge-in/chunk-what-if.ts --run bench/results/barge-in.json
 *        --pace bench/results/barge-in-decoder-pace.json [--chunk-ms 20]
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { pcm16ToFloat } from '@parley/shared';
import { closeSynthesizers, synthesizeSpeech } from '../../relay/test/fixtures/speech.ts';
import { replaySound, type ReplayedPartial } from './replay-sound.ts';
import { summarize, type BargeInOutcome } from './report.ts';
import { SoundReader } from './sound-reading.ts';
import { overReplySet } from './sounds.ts';

const { values } = parseArgs({
  options: {
    run: { type: 'string', default: 'bench/results/barge-in.json' },
    pace: { type: 'string', default: 'bench/results/barge-in-decoder-pace.json' },
    'chunk-ms': { type: 'string', default: '20' },
    'reading-ms': { type: 'string', default: '250' },
  },
});
const chunkMs = Number(values['chunk-ms']);
const WIRE_CHUNK_MS = 100;
const readingMs = Number(values['reading-ms']);
const { outcomes } = JSON.parse(readFileSync(values.run, 'utf8')) as { outcomes: BargeInOutcome[] };
const paced = JSON.parse(readFileSync(values.pace, 'utf8')) as {
  chunkMs: number;
  outcomes: BargeInOutcome[];
}[];
const pace = paced.find((p) => p.chunkMs === WIRE_CHUNK_MS)?.outcomes ?? [];
const key = (o: Pick<BargeInOutcome, 'voice' | 'text'>) => `${o.voice}:${o.text}`;
const paceOf = new Map(pace.map((o) => [key(o), o]));
const sounds = new Map(
  overReplySet('tuned')
    .concat(overReplySet('held-out'))
    .map((s) => [s.text, s]),
);

async function samplesOf(o: BargeInOutcome): Promise<Float32Array> {
  const sound = sounds.get(o.text);
  if (sound?.kind === 'noise') return sound.make();
  const speech = await synthesizeSpeech(o.text, {
    voice: o.voice,
    leadingSilenceMs: 0,
    trailingSilenceMs: 0,
  });
  return pcm16ToFloat(speech.samples);
}

/**
 * The run's words of `o`, each `shift` sooner: where the decoder's reading of the same words
 * needed audio up to file time t, its chunk was sent at t rounded up to the wire's chunk, and
 * would have been at t rounded up to `chunkMs`. Words not matched keep the last shift.
 */
function shifted(
  o: BargeInOutcome,
  toChunkMs: number,
): { partials: ReplayedPartial[]; matched: number } {
  const p = paceOf.get(key(o));
  const onset = p?.onsetInFileMs ?? 0;
  let from = 0;
  let shift = 0;
  let matched = 0;
  let last = Number.NEGATIVE_INFINITY;
  const partials = o.partials.map((text, i) => {
    const found =
      p?.partials.findIndex((t, k) => k >= from && t === text && p.partialCoveredMs?.[k] != null) ??
      -1;
    if (p && found >= 0) {
      from = found;
      matched++;
      const end = onset + (p.partialCoveredMs?.[found] ?? 0);
      const sent = (ms: number) => Math.ceil(end / ms - 1e-9) * ms;
      shift = sent(WIRE_CHUNK_MS) - sent(toChunkMs);
    }
    last = Math.max(last, (o.partialMs[i] ?? 0) - shift);
    return { ms: last, text, spotted: o.partialSpotted?.[i] ?? [] };
  });
  return { partials, matched };
}

let reader: SoundReader | null = null;
try {
  for (const toChunkMs of [WIRE_CHUNK_MS, chunkMs]) {
    const judged: BargeInOutcome[] = [];
    let words = 0;
    let matched = 0;
    for (const o of outcomes) {
      const samples = await samplesOf(o);
      const s = shifted(o, toChunkMs);
      words += o.partials.length;
      matched += s.matched;
      let r = replaySound(samples, s.partials);
      if (r.askedAtSample !== null) {
        reader ??= await SoundReader.open();
        const text = await reader.read(samples, r.askedAtSample);
        r = replaySound(samples, s.partials, { text, afterAskMs: readingMs });
      }
      judged.push({ ...o, partialMs: s.partials.map((x) => x.ms), ...r, heard: r.words });
    }
    const f = summarize(judged);
    console.log(
      `${toChunkMs} ms chunks: false stops ${f.falseStops}/${f.listening}, missed ${f.missed}/${f.interruptions}, cut median ${f.stopMedianMs} ms (p90 ${f.stopP90Ms}), first words median ${f.firstWordsMedianMs} ms; ${matched}/${words} words matched to the decoder's reading`,
    );
    for (const o of judged.filter((x) => x.kind === 'interruption'))
      console.log(
        `  ${o.voice} "${o.text}": ${o.action} ${o.onsetToStopMs === null ? '' : Math.round(o.onsetToStopMs)} (${o.reason})`,
      );
  }
} finally {
  await closeSynthesizers();
  await reader?.close();
}
process.exit(0);
