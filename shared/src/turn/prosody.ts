import { pitchTrack, type PitchFrame } from './pitch.ts';

/**
 * How the voice ended before a pause: evidence the words do not carry. A speaker who has
 * finished a statement lets the pitch fall and draws out the last syllable (final lengthening);
 * one who pauses mid-sentence ("set a timer for … five minutes") keeps the pitch level or
 * rising and the last syllable short. Pure: fed the audio up to the pause's last speech.
 */
export interface PauseProsody {
  /** How the pitch moved over the last voiced stretch. */
  pitch: 'falling' | 'level' | 'rising' | 'unknown';
  /** Its movement from the stretch's peak (falling) or trough (rising) to its end (semitones). */
  moveSt: number;
  /** The last voiced stretch before the pause (ms); null when none was found. */
  lastVoicedMs: number | null;
  /** The median voiced stretch of the words before it (ms); null with fewer than two. */
  typicalVoicedMs: number | null;
}

/** Audio before the pause analysed (ms): the last word and two or three before it. */
export const PROSODY_WINDOW_MS = 1_500;
/** A pitch movement at least this large falls or rises (semitones). */
const MOVE_ST = 2;
/** Unvoiced gaps this short inside a stretch are a tracking slip, not a consonant (frames). */
const GAP_FRAMES = 2;
/** A jump between frames larger than this is a new stretch or the tracker's octave slip (st). */
const JUMP_ST = 4;
/** Shorter voiced stretches are a consonant's voicing or a slip, not a syllable (frames). */
const MIN_RUN_FRAMES = 3;
const HOP_MS = 10;

const semitones = (hz: number) => 12 * Math.log2(hz / 100);

/** The voiced stretches of a pitch track: runs of frames with a pitch, small gaps bridged. */
function voicedRuns(track: readonly PitchFrame[]): number[][] {
  const runs: number[][] = [];
  let run: number[] = [];
  let gap = 0;
  for (const f of track) {
    const previous = run.at(-1);
    if (
      f.f0Hz !== null &&
      previous !== undefined &&
      Math.abs(12 * Math.log2(f.f0Hz / previous)) > JUMP_ST
    ) {
      runs.push(run);
      run = [f.f0Hz];
      gap = 0;
    } else if (f.f0Hz !== null) {
      run.push(f.f0Hz);
      gap = 0;
    } else if (run.length > 0 && ++gap > GAP_FRAMES) {
      runs.push(run);
      run = [];
      gap = 0;
    }
  }
  if (run.length > 0) runs.push(run);
  return runs.filter((r) => r.length >= MIN_RUN_FRAMES);
}

/**
 * The prosody of the audio ending at a pause: `samples` end at (or just after) the last speech,
 * and hold {@link PROSODY_WINDOW_MS} or so before it, at `sampleRateHz`.
 */
export function prosodyAtPause(samples: Float32Array, sampleRateHz = 16_000): PauseProsody {
  // Silence after the last frame, so the track reaches the end of the speech (YIN looks ahead).
  const padded = new Float32Array(samples.length + Math.round(sampleRateHz / 25));
  padded.set(samples);
  const runs = voicedRuns(pitchTrack(padded, { sampleRateHz, hopMs: HOP_MS }));
  const last = runs.at(-1);
  if (last === undefined)
    return { pitch: 'unknown', moveSt: 0, lastVoicedMs: null, typicalVoicedMs: null };
  const before = runs
    .slice(0, -1)
    .map((r) => r.length * HOP_MS)
    .sort((a, b) => a - b);
  const typicalVoicedMs =
    before.length >= 2 ? (before[Math.floor(before.length / 2)] ?? null) : null;
  const st = last.map(semitones);
  const end = st.at(-1) ?? 0;
  const fall = Math.max(...st) - end;
  const rise = end - Math.min(...st);
  const pitch = fall >= MOVE_ST && fall >= rise ? 'falling' : rise >= MOVE_ST ? 'rising' : 'level';
  return {
    pitch,
    moveSt: Math.round((pitch === 'rising' ? rise : -fall) * 10) / 10,
    lastVoicedMs: last.length * HOP_MS,
    typicalVoicedMs,
  };
}
