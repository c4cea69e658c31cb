/**
 * Where a sound's time to its words goes at the recogniser (issue 61, item 5), and what shorter
 * uplink chunks would win there: each sound of the barge-in bench is written into the relay's
 * own listener (PocketSphinxAsr: `parley-sphinx` and its keyword spotter, one warm decoder for
 * the speaker, as the relay keeps it) in real time, chunk by chunk as the relay hands it the
 * uplink's audio — no relay, no socket, no page. Each sound is written once per chunk length
 * asked (`--chunk-ms`, default 100 — the wire's — and 20), back to back, alternating which
 * goes first, so both meet the same load. For each: when each of its words and spottings came
 * (ms after its onset), how far into its audio the decoder had read when it said them (its "@"
 * lines), and the cut the app's policy decides on them (replaySound, as the bench's replay).
 *
 *   node --import tsx bench/barge-in/decoder-pace.ts [--set tuned|held-out] [--chunk-ms 100,20]
 *                                                    [--kind all|interruption|backchannel|noise]
 *                                                    [--only N] [--out bench/results]
 *                                                    [--decoder-args "-vad_startspeech 5"]
 *
 * Writes bench/results/barge-in-decoder-pace[-held-out].md and .json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { floatToPcm16, pcm16ToFloat, percentile, rmsDbfs, SAMPLE_RATE_HZ } from '@parley/shared';
import { PocketSphinxAsr } from '../../relay/src/providers/embedded/pocketsphinx/pocketsphinx.ts';
import { LOUD_DB } from '../../relay/src/talk/sound-judge.ts';
import { closeSynthesizers, synthesizeSpeech } from '../../relay/test/fixtures/speech.ts';
import { describeMachine, machineInfo } from '../lib/machine.ts';
import { writeResult } from '../lib/write-result.ts';
import { replaySound, type ReplayedPartial } from './replay-sound.ts';
import { summarize, type BargeInOutcome } from './report.ts';
import { overReplySet, SOUND_SETS, type OverReplySound } from './sounds.ts';

const { values } = parseArgs({
  options: {
    set: { type: 'string', default: 'tuned' },
    'chunk-ms': { type: 'string', default: '100,20' },
    only: { type: 'string' },
    kind: { type: 'string', default: 'all' },
    out: { type: 'string', default: 'bench/results' },
    /** Decoder flags over the relay's (e.g. "-vad_startspeech 5"), to weigh one. */
    'decoder-args': { type: 'string', default: '' },
  },
});
const decoderArgs = values['decoder-args'].split(/\s+/).filter((a) => a !== '');
const soundSet = SOUND_SETS.find((s) => s === values.set);
if (!soundSet) throw new Error(`--set: one of ${SOUND_SETS.join(', ')}`);
const chunkMs = values['chunk-ms'].split(',').map(Number);
if (chunkMs.some((c) => !(c > 0) || (c * SAMPLE_RATE_HZ) % 1000 !== 0))
  throw new Error('--chunk-ms: whole samples at 16 kHz, e.g. 100,20');
/** Silence written after the sound: the page's gate sends on until its VAD's end (~500 ms). */
const TAIL_MS = 600;
const SLICE = 320;

const now = () => performance.now();
const sleepUntil = (t: number) => new Promise<void>((r) => setTimeout(r, Math.max(0, t - now())));
const ms = (samples: number) => (samples * 1000) / SAMPLE_RATE_HZ;

/** What the decoder said of one sound, written in chunks of `chunkSamples`. */
interface Heard {
  onsetSample: number;
  partials: ReplayedPartial[];
  /** Per word: printed − when the audio it covers had been captured (ms). */
  behindAudioMs: number[];
  /** Per word: printed − when the chunk holding the end of the audio it covers was written (ms). */
  afterWriteMs: number[];
}

function onsetOf(samples: Float32Array): number {
  for (let at = 0; at + SLICE <= samples.length; at += SLICE)
    if (rmsDbfs(samples.subarray(at, at + SLICE)) >= LOUD_DB) return at;
  return 0;
}

const asr = new PocketSphinxAsr({ poolSize: 1, args: decoderArgs });
await asr.ready();
/** One speaker: its warm decoder serves every sound, as the relay's does for one user. */
const SPEAKER = 'decoder-pace';

/** Writes `samples` (and a tail of silence) in real time, `chunkSamples` at a time. */
async function say(samples: Float32Array, chunkSamples: number): Promise<Heard> {
  const tail = (TAIL_MS * SAMPLE_RATE_HZ) / 1000;
  const length = Math.ceil((samples.length + tail) / chunkSamples) * chunkSamples;
  const audio = new Float32Array(length);
  audio.set(samples);
  const pcm = floatToPcm16(audio);
  const onsetSample = onsetOf(samples);
  const t0 = now() + 20;
  const wallOf = (sample: number) => t0 + ms(sample);
  const heard: Heard = { onsetSample, partials: [], behindAudioMs: [], afterWriteMs: [] };
  let words = '';
  const spotted: string[] = [];
  /** The last word line, until the "@" after it says how far the decoder had read. */
  let uncovered: { partial: ReplayedPartial; at: number } | null = null;
  const afterOnset = (at: number) => at - wallOf(onsetSample);
  const stream = asr.start({
    sampleRateHz: SAMPLE_RATE_HZ,
    signal: new AbortController().signal,
    speaker: SPEAKER,
    onPartial: (text) => {
      const at = now();
      words = text;
      const partial: ReplayedPartial = { ms: afterOnset(at), text, spotted: [...spotted] };
      heard.partials.push(partial);
      uncovered = { partial, at };
    },
    onSpotted: (phrase) => {
      spotted.push(phrase);
      heard.partials.push({ ms: afterOnset(now()), text: words, spotted: [...spotted] });
    },
    onCovered: (coveredMs) => {
      if (uncovered === null) return;
      const { partial, at } = uncovered;
      uncovered = null;
      const sample = (coveredMs * SAMPLE_RATE_HZ) / 1000;
      partial.coveredMs = coveredMs - ms(onsetSample);
      heard.behindAudioMs.push(at - wallOf(sample));
      const written = Math.ceil(sample / chunkSamples) * chunkSamples;
      heard.afterWriteMs.push(at - wallOf(written));
    },
  });
  for (let at = 0; at < pcm.length; at += chunkSamples) {
    await sleepUntil(wallOf(at + chunkSamples));
    stream.write(pcm.slice(at, at + chunkSamples));
  }
  // Decoded to its end: the decoder is free for the next sound at once.
  await stream.finish();
  return heard;
}

async function samplesOf(sound: OverReplySound): Promise<Float32Array> {
  if (sound.kind === 'noise') return sound.make();
  const speech = await synthesizeSpeech(sound.text, {
    voice: sound.voice,
    leadingSilenceMs: 0,
    trailingSilenceMs: 0,
  });
  return pcm16ToFloat(speech.samples);
}

interface Paced {
  chunkMs: number;
  outcomes: BargeInOutcome[];
  behindAudioMs: number[];
  afterWriteMs: number[];
}

const set = overReplySet(soundSet)
  .filter((s) => values.kind === 'all' || s.kind === values.kind)
  .slice(0, values.only ? Number(values.only) : undefined);
const startedAt = Date.now();
const loadAtStart = loadavg()[0] ?? 0;
const machine = machineInfo();
const paced: Paced[] = chunkMs.map((c) => ({
  chunkMs: c,
  outcomes: [],
  behindAudioMs: [],
  afterWriteMs: [],
}));
try {
  await say(
    await samplesOf(set[0] ?? { kind: 'noise', text: '', make: () => new Float32Array(1) }),
    1600,
  );
  for (const [i, sound] of set.entries()) {
    const samples = await samplesOf(sound);
    // Alternating which chunk length goes first, so neither always meets a warmer decoder.
    const order = i % 2 === 0 ? paced : [...paced].reverse();
    for (const p of order) {
      const heard = await say(samples, (p.chunkMs * SAMPLE_RATE_HZ) / 1000);
      const r = replaySound(samples, heard.partials, undefined, true);
      p.behindAudioMs.push(...heard.behindAudioMs);
      p.afterWriteMs.push(...heard.afterWriteMs);
      p.outcomes.push({
        kind: sound.kind,
        voice: sound.kind === 'noise' ? '–' : sound.voice,
        text: sound.text,
        heard: r.words,
        partials: heard.partials.map((x) => x.text),
        partialMs: heard.partials.map((x) => Math.round(x.ms)),
        partialSpotted: heard.partials.map((x) => x.spotted),
        partialCoveredMs: heard.partials.map((x) =>
          x.coveredMs === undefined ? null : Math.round(x.coveredMs),
        ),
        onsetInFileMs: ms(heard.onsetSample),
        action: r.action,
        reason: r.reason,
        onsetToStopMs: r.onsetToStopMs,
        endToResumeMs: r.endToResumeMs,
        atMs: 0,
      });
    }
    const cuts = paced.map((p) => {
      const o = p.outcomes.at(-1);
      return `${p.chunkMs} ms: ${o?.action ?? '?'} ${o?.onsetToStopMs == null ? '' : Math.round(o.onsetToStopMs)}`;
    });
    console.log(`${i + 1}/${set.length} ${sound.kind} "${sound.text}" — ${cuts.join(' · ')}`);
  }
} finally {
  await asr.close();
  await closeSynthesizers();
}

const median = (xs: number[]) => (xs.length ? Math.round(percentile(xs, 0.5)) : null);
const p90 = (xs: number[]) => (xs.length ? Math.round(percentile(xs, 0.9)) : null);
const rows = paced.map((p) => {
  const s = summarize(p.outcomes);
  return `| ${p.chunkMs} ms | ${s.falseStops} / ${s.listening} | ${s.missed} / ${s.interruptions} | ${s.stopMedianMs ?? '–'} / ${s.stopP90Ms ?? '–'} ms | ${s.firstWordsMedianMs ?? '–'} ms | ${median(p.behindAudioMs) ?? '–'} / ${p90(p.behindAudioMs) ?? '–'} ms | ${median(p.afterWriteMs) ?? '–'} / ${p90(p.afterWriteMs) ?? '–'} ms |`;
});
const interruptions = set.flatMap((s, i) => (s.kind === 'interruption' ? [i] : []));
const cut = (o: BargeInOutcome | undefined) =>
  o?.onsetToStopMs == null ? '–' : `${Math.round(o.onsetToStopMs)} (${o.heard || '–'})`;
const perSound = interruptions.map((i) => {
  const s = set[i];
  const voice = s?.kind === 'noise' ? '–' : s?.voice;
  return `| ${voice} | ${s?.text} | ${paced.map((p) => cut(p.outcomes[i])).join(' | ')} |`;
});
const changed = set.flatMap((s, i) => {
  const actions = paced.map((p) => p.outcomes[i]?.action);
  return actions.every((a) => a === actions[0])
    ? []
    : [
        `- ${s.kind} "${s.text}": ${paced.map((p, k) => `${p.chunkMs} ms ${actions[k]}`).join(', ')}`,
      ];
});
const command = `node --import tsx bench/barge-in/decoder-pace.ts${soundSet === 'tuned' ? '' : ` --set ${soundSet}`} --chunk-ms ${chunkMs.join(',')}${values.kind === 'all' ? '' : ` --kind ${values.kind}`}${values.only ? ` --only ${values.only}` : ''}${decoderArgs.length > 0 ? ` "--decoder-args=${decoderArgs.join(' ')}"` : ''}`;
const markdown = [
  `# Where a sound's words come from at the recogniser, and what shorter chunks win there (issue 61, item 5)`,
  '',
  `\`${command}\` — ${describeMachine(machine)}; load ${loadAtStart.toFixed(1)} at the start, ${(loadavg()[0] ?? 0).toFixed(1)} at the end; ${Math.round((Date.now() - startedAt) / 60_000)} min.`,
  "Each sound of the barge-in bench's set written into the relay's listener (PocketSphinx,",
  'its keyword spotter beside, one warm decoder) in real time, in chunks of each length, no',
  "relay, socket or page; the cut is the app's policy on the words as they came (replaySound).",
  '',
  '| chunks | false stops | missed | onset → cut, median / p90 | first words, median | words behind the audio they read, median / p90 | words after the chunk holding it was written, median / p90 |',
  '| --- | --- | --- | --- | --- | --- | --- |',
  ...rows,
  '',
  '"Behind the audio": from the moment the last sample the words account for was said (the',
  'decoder\'s "@" line after them) to the words: the chunk\'s fill, then the decode. "After the',
  'chunk was written": the decode alone.',
  '',
  `| voice | said | ${paced.map((p) => `cut, ${p.chunkMs} ms chunks`).join(' | ')} |`,
  `| --- | --- | ${paced.map(() => '---').join(' | ')} |`,
  ...perSound,
  '',
  changed.length
    ? 'Decisions that differ between chunk lengths:'
    : 'No decision differs between chunk lengths.',
  ...changed,
  '',
].join('\n');
mkdirSync(values.out, { recursive: true });
const name = `barge-in-decoder-pace${soundSet === 'tuned' ? '' : `-${soundSet}`}`;
await writeResult(join(values.out, `${name}.md`), markdown);
writeFileSync(
  join(values.out, `${name}.json`),
  JSON.stringify(
    paced.map((p) => ({
      chunkMs: p.chunkMs,
      summary: summarize(p.outcomes),
      outcomes: p.outcomes,
    })),
    null,
    1,
  ),
);
console.log(`\n${markdown}`);
process.exit(0);
