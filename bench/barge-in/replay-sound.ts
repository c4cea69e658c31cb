/**
 * One recorded sound over the reply judged again by the policy as it is now (SoundJudge, as
 * `speakOverReply` judges it), with no relay and no clock: see ./replay.ts, which runs it over
 * a bench's records, and ./decoder-pace.ts.
 */
import { HOLD_END_MS, SAMPLE_RATE_HZ } from '@parley/shared';
import { Endpointer } from '../../relay/src/talk/endpointer.ts';
import { SoundJudge } from '../../relay/src/talk/sound-judge.ts';

const SLICE = 320;
/** As speakOverReply: 1.5 s of tail after the sound. */
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

/** One interim transcript of a sound as a bench recorded it. */
export interface ReplayedPartial {
  /** When it came, ms after the sound's onset. */
  ms: number;
  text: string;
  spotted: readonly string[];
  /** Up to where in the sound the words account for its audio (ms after its onset); absent: not said. */
  coveredMs?: number;
}

/**
 * `speakOverReply`'s decisions on `samples`, with the words of `partials` (ms after onset) and,
 * once its held end asks for it, the relay's `reading` of the whole sound (none: none came).
 * `coverageTold`: the run's relay said which audio its words cover (the page then judges
 * every sound by it, see SoundJudge).
 */
export function replaySound(
  samples: Float32Array,
  partials: readonly ReplayedPartial[],
  reading?: ReplayedReading,
  coverageTold = false,
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
  const sound = new SoundJudge(samples, coverageTold);
  /** Changed inside `decide` and the loop both: a record, so neither is narrowed away. */
  const seg = {
    started: false,
    ended: false,
    unsure: false,
    readWhole: false,
    awaitsWords: false,
  };
  let next = 0;
  const ms = (samples: number) => (samples * 1000) / SAMPLE_RATE_HZ;
  const samplesIn = (ms: number) => Math.round((ms * SAMPLE_RATE_HZ) / 1000);
  const decide = (position: number) => {
    if (out.action === 'stop') return;
    const d = sound.judge(position, {
      ended: seg.ended,
      rule: 'words',
      ...(out.askedAtSample === null ? {} : { readingAskedMs: ms(position - out.askedAtSample) }),
    });
    if (d === null) return;
    seg.unsure = d.unsure === true;
    seg.readWhole = d.awaitsReading === true;
    seg.awaitsWords = d.awaitsWords === true;
    if (d.action === 'wait' || (d.action === 'resume' && out.action === 'resume')) return;
    out.action = d.action;
    out.reason = d.reason;
    out.words = sound.words;
    if (d.action === 'resume') out.endToResumeMs = ms(position - sound.lastLoud);
    else {
      out.onsetToStopMs = ms(position - (sound.onset ?? 0));
      out.endToResumeMs = null;
    }
  };
  /** The words that came by `position` (each decided on as it came). */
  const wordsUntil = (position: number) => {
    const onset = sound.onset;
    if (onset === null) return;
    for (let p = partials[next]; p !== undefined && p.ms <= ms(position - onset);) {
      sound.heard({
        text: p.text,
        // Spottings are sent as they come; words after them keep them.
        spotted: p.spotted,
        ...(p.coveredMs === undefined ? {} : { coveredToSample: onset + samplesIn(p.coveredMs) }),
      });
      next++;
      decide(onset + samplesIn(p.ms));
      p = partials[next];
    }
  };
  const total = samples.length + (TAIL_MS * SAMPLE_RATE_HZ) / 1000;
  let position = 0;
  for (; position < total && !seg.ended; position += SLICE) {
    const block = new Float32Array(SLICE);
    block.set(samples.subarray(position, position + SLICE));
    wordsUntil(position + SLICE);
    sound.block(position, block);
    for (const e of endpointer.push(block)) {
      if (e.type === 'speech-start') seg.started = true;
      else if (e.type === 'speech-end' || e.type === 'misfire') seg.ended = seg.started;
    }
    if (!seg.ended) decide(position + SLICE);
  }
  if (sound.onset === null) return out;
  seg.ended = true;
  decide(position);
  if (out.action !== 'stop' && seg.unsure && seg.readWhole) out.askedAtSample = position;
  const readAt =
    out.askedAtSample === null || reading === undefined
      ? Infinity
      : out.askedAtSample + samplesIn(reading.afterAskMs);
  const holdUntil = position + samplesIn(HOLD_END_MS);
  // As speakOverReply: words that do not reach the sound's end are awaited past the hold, as
  // long as the policy says.
  const holding = () => out.action !== 'stop' && seg.unsure;
  for (; holding() && (position < holdUntil || seg.awaitsWords); position += SLICE) {
    wordsUntil(position);
    if (!sound.read && position >= readAt && reading !== undefined)
      // The reading of the whole sound up to its pause: its words reach the sound's end.
      sound.heard({
        text: reading.text,
        read: true,
        coveredToSample: out.askedAtSample ?? position,
      });
    decide(position);
  }
  return out;
}
