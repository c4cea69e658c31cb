import {
  judgeBargeIn,
  rmsDbfs,
  SAMPLE_RATE_HZ,
  type BargeInDecision,
} from '@parley/shared';
import { Endpointer } from '../../relay/src/talk/endpointer.ts';
import { pitchUpTo } from '../../relay/src/talk/over-reply.ts';

/**
 * One recorded sound over the reply judged again by the policy as it is now, with no relay and
 * no clock (see ./replay.ts, which runs it over a bench's records).
 */

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
