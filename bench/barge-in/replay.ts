/**
 * Judges again, with the policy as it is now, the sounds of a `pnpm bench:barge-in` run: each
 * sound's words as the recogniser sent them in that run (its partials, timed from the sound's
 * onset) and its loudness and pitch (the same sound made again: Flite and the noises are
 * deterministic), stepped through as `speakOverReply` does, with no relay and no clock. Rules
 * compared on the same words, paired, in seconds: the recogniser's timing is the run's, not
 * this machine's now.
 *
 *   node --import tsx bench/barge-in/replay.ts [--reading relay|none] [--reading-ms 250]
 *                                              [bench/results/barge-in.json …]
 *
 * A sound whose held end asks the relay to read it whole (a level hum heard as words)
 * gets the reading the run's relay would send (`relay`, the default: Moonshine's words of it,
 * else PocketSphinx's closed reading, made again by ./sound-reading.ts) `--reading-ms` after
 * the ask (default: the pause's reading's median wait under load, bench/results/
 * moonshine-wait.md), or none (`none`: a recogniser that reads nothing). Runs recorded before
 * the ask existed kept no reading: this is where it comes from.
 *
 * Prints the figures of each file as the bench does, every reading, and every sound whose
 * decision changed.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import {
  judgeBargeIn,
  pcm16ToFloat,
  rmsDbfs,
  SAMPLE_RATE_HZ,
  type BargeInDecision,
} from '@parley/shared';
import { Endpointer } from '../../relay/src/talk/endpointer.ts';
import { pitchUpTo } from '../../relay/src/talk/over-reply.ts';
import { closeSynthesizers, synthesizeSpeech } from '../../relay/test/fixtures/speech.ts';
import { summarize, type BargeInOutcome } from './report.ts';
import { SoundReader } from './sound-reading.ts';
import { overReplySet } from './sounds.ts';

const SLICE = 320;
const SLICE_MS = (SLICE * 1000) / SAMPLE_RATE_HZ;
/** As speakOverReply: loud, speech after 400 ms of it, late words held 1.5 s, 1.5 s of tail. */
const LOUD_DB = -45;
const MIN_SPEECH_MS = 400;
const HOLD_END_MS = 1_500;
const TAIL_MS = 1_500;

interface Replayed {
  action: 'resume' | 'stop' | 'none';
  reason: string;
  words: string;
  onsetToStopMs: number | null;
  endToResumeMs: number | null;
  /** Where the reading of the whole sound was asked (its held end, a sample); null: not asked. */
  askedAtSample: number | null;
}

/** The relay's reading of the whole sound, and how long after it was asked it came (ms). */
export interface ReplayedReading {
  text: string;
  afterAskMs: number;
}

/**
 * `speakOverReply`'s decisions on `samples`, with the words of `partials` (ms after onset) and,
 * once its held end asks for it, the relay's `reading` of the whole sound (none: none came).
 */
export function replaySound(
  samples: Float32Array,
  partials: readonly { ms: number; text: string; spotted: readonly string[] }[],
  reading?: ReplayedReading,
): Replayed {
  const endpointer = new Endpointer({ sampleRateHz: SAMPLE_RATE_HZ, pauseMs: 0 });
  const out: Replayed = {
    action: 'none',
    reason: 'no sound found',
    words: '',
    onsetToStopMs: null,
    endToResumeMs: null,
    askedAtSample: null,
  };
  let read = false;
  let onset: number | null = null;
  let lastLoud = 0;
  let loudMs = 0;
  /** Changed inside `decide` and the loop both: a record, so neither is narrowed away. */
  const seg = { started: false, ended: false, unsure: false, readWhole: false };
  let next = 0;
  let words = '';
  let spotted: readonly string[] = [];
  const ms = (samples: number) => (samples * 1000) / SAMPLE_RATE_HZ;
  const decide = (position: number) => {
    if (onset === null || out.action === 'stop') return;
    const quiet = position > lastLoud;
    const d: BargeInDecision = judgeBargeIn(
      {
        elapsedMs: ms(position - onset),
        silentForMs: ms(position - lastLoud),
        ended: seg.ended,
        speech: loudMs >= MIN_SPEECH_MS,
        words,
        spotted,
        read,
        ...(out.askedAtSample === null ? {} : { readingAskedMs: ms(position - out.askedAtSample) }),
        ...(quiet ? { pitch: pitchUpTo(samples, onset, lastLoud) } : {}),
      },
      'words',
    );
    seg.unsure = d.unsure === true;
    seg.readWhole = d.awaitsReading === true;
    if (d.action === 'wait' || (d.action === 'resume' && out.action === 'resume')) return;
    out.action = d.action;
    out.reason = d.reason;
    out.words = words;
    if (d.action === 'resume') out.endToResumeMs = ms(position - lastLoud);
    else {
      out.onsetToStopMs = ms(position - onset);
      out.endToResumeMs = null;
    }
  };
  /** The words that came by `position` (each decided on as it came). */
  const wordsUntil = (position: number) => {
    if (onset === null) return;
    while (next < partials.length && (partials[next]?.ms ?? 0) <= ms(position - onset)) {
      words = partials[next]?.text ?? '';
      read = false;
      // Spottings are sent as they come; words after them keep them.
      if (partials[next]?.spotted.length) spotted = partials[next]?.spotted ?? spotted;
      next++;
      decide(onset + Math.round(((partials[next - 1]?.ms ?? 0) * SAMPLE_RATE_HZ) / 1000));
    }
  };
  const total = samples.length + (TAIL_MS * SAMPLE_RATE_HZ) / 1000;
  let position = 0;
  for (; position < total && !seg.ended; position += SLICE) {
    const block = new Float32Array(SLICE);
    block.set(samples.subarray(position, position + SLICE));
    wordsUntil(position + SLICE);
    if (rmsDbfs(block) >= LOUD_DB) {
      onset ??= position;
      lastLoud = position + SLICE;
      loudMs += SLICE_MS;
    }
    for (const e of endpointer.push(block)) {
      if (e.type === 'speech-start') seg.started = true;
      else if (e.type === 'speech-end' || e.type === 'misfire') seg.ended = seg.started;
    }
    if (!seg.ended) decide(position + SLICE);
  }
  if (onset === null) return out;
  seg.ended = true;
  decide(position);
  if (out.action !== 'stop' && seg.unsure && seg.readWhole) out.askedAtSample = position;
  const readAt =
    out.askedAtSample === null || reading === undefined
      ? Infinity
      : out.askedAtSample + (reading.afterAskMs * SAMPLE_RATE_HZ) / 1000;
  const holdUntil = position + (HOLD_END_MS * SAMPLE_RATE_HZ) / 1000;
  for (; out.action !== 'stop' && seg.unsure && position < holdUntil; position += SLICE) {
    wordsUntil(position);
    if (!read && position >= readAt && reading !== undefined) {
      words = reading.text;
      read = true;
    }
    decide(position);
  }
  return out;
}

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    reading: { type: 'string', default: 'relay' },
    'reading-ms': { type: 'string', default: '250' },
  },
});
if (values.reading !== 'relay' && values.reading !== 'none')
  throw new Error('--reading: relay or none');
const readingMs = Number(values['reading-ms']);
let reader: SoundReader | null = null;
const files = positionals.length ? positionals : ['bench/results/barge-in.json'];
const sounds = new Map(overReplySet().map((s) => [s.text, s]));
const made = new Map<string, Float32Array>();
async function samplesOf(o: Pick<BargeInOutcome, 'voice' | 'text'>): Promise<Float32Array> {
  const key = `${o.voice}:${o.text}`;
  const known = made.get(key);
  if (known) return known;
  const sound = sounds.get(o.text);
  const samples =
    sound?.kind === 'noise'
      ? sound.make()
      : pcm16ToFloat(
          (
            await synthesizeSpeech(o.text, {
              voice: o.voice,
              leadingSilenceMs: 0,
              trailingSilenceMs: 0,
            })
          ).samples,
        );
  made.set(key, samples);
  return samples;
}

try {
  for (const file of files) {
    const { outcomes } = JSON.parse(readFileSync(file, 'utf8')) as {
      outcomes: (Omit<BargeInOutcome, 'partialMs'> & { partialMs?: number[] })[];
    };
    const replayed: BargeInOutcome[] = [];
    for (const o of outcomes) {
      if (!o.partialMs)
        throw new Error(`${file}: no partials' times (a run before they were kept)`);
      const times = o.partialMs;
      const partials = o.partials.map((text, i) => ({
        ms: times[i] ?? 0,
        text,
        spotted: o.partialSpotted?.[i] ?? [],
      }));
      const samples = await samplesOf(o);
      let r = replaySound(samples, partials);
      if (r.askedAtSample !== null && values.reading === 'relay') {
        reader ??= await SoundReader.open();
        const text = await reader.read(samples, r.askedAtSample);
        console.log(`  ${o.kind} ${o.voice} "${o.text}" read whole: "${text}"`);
        r = replaySound(samples, partials, { text, afterAskMs: readingMs });
      }
      replayed.push({ ...o, partialMs: times, ...r, heard: r.words });
      if (r.action !== o.action)
        console.log(
          `  ${o.kind} ${o.voice} "${o.text}": ${o.action} (${o.reason}) → ${r.action} (${r.reason})` +
            (r.onsetToStopMs === null
              ? ''
              : `, cut ${Math.round(r.onsetToStopMs)} ms after its onset`),
        );
    }
    const was = summarize(outcomes.map((o) => ({ ...o, partialMs: o.partialMs ?? [] })));
    const now = summarize(replayed);
    console.log(`${file}\n  ran:      ${JSON.stringify(was)}\n  replayed: ${JSON.stringify(now)}`);
  }
} finally {
  await closeSynthesizers();
  await reader?.close();
}
process.exit(0);
