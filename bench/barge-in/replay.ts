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
import { pcm16ToFloat } from '@parley/shared';
import { closeSynthesizers, synthesizeSpeech } from '../../relay/test/fixtures/speech.ts';
import { summarize, type BargeInOutcome } from './report.ts';
import { SoundReader } from './sound-reading.ts';
import { overReplySet } from './sounds.ts';
import { replaySound } from './replay-sound.ts';

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
    // A run whose relay said how far its words reach: the page judged every sound by it.
    const coverageTold = outcomes.some((o) => o.partialCoveredMs?.some((ms) => ms !== null));
    for (const o of outcomes) {
      if (!o.partialMs)
        throw new Error(`${file}: no partials' times (a run before they were kept)`);
      const times = o.partialMs;
      const partials = o.partials.map((text, i) => {
        const coveredMs = o.partialCoveredMs?.[i];
        return {
          ms: times[i] ?? 0,
          text,
          spotted: o.partialSpotted?.[i] ?? [],
          ...(coveredMs === undefined || coveredMs === null ? {} : { coveredMs }),
        };
      });
      const samples = await samplesOf(o);
      let r = replaySound(samples, partials, undefined, coverageTold);
      if (r.askedAtSample !== null && values.reading === 'relay') {
        reader ??= await SoundReader.open();
        const text = await reader.read(samples, r.askedAtSample);
        console.log(`  ${o.kind} ${o.voice} "${o.text}" read whole: "${text}"`);
        r = replaySound(samples, partials, { text, afterAskMs: readingMs }, coverageTold);
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
