/**
 * The reminder's ring: a short chime made in the page with oscillators (no sound file to
 * download or cache), scheduled on the audio clock so it plays evenly whatever the main thread
 * is doing.
 */

/** One note of a chime, times in seconds from the chime's start. */
export interface Tone {
  frequencyHz: number;
  startS: number;
  durationS: number;
  /** Loudest gain (0–1), reached after {@link ATTACK_S}. */
  peakGain: number;
}

/** Rise of each note (s): fast enough to ring, slow enough not to click. */
export const ATTACK_S = 0.008;
/** Where each note's gain starts and ends: exponential ramps cannot reach 0. */
const SILENT_GAIN = 0.0001;

/** A ding-dong, twice: A5 then E6, ~1.1 s in all, soft enough beside speech. */
export const REMINDER_CHIME: readonly Tone[] = [
  { frequencyHz: 880, startS: 0, durationS: 0.4, peakGain: 0.22 },
  { frequencyHz: 1318.5, startS: 0.18, durationS: 0.45, peakGain: 0.18 },
  { frequencyHz: 880, startS: 0.6, durationS: 0.4, peakGain: 0.22 },
  { frequencyHz: 1318.5, startS: 0.78, durationS: 0.45, peakGain: 0.18 },
];

/**
 * What plays while a tool works (issue 48, the user's choice instead of a spoken line): a soft,
 * low rising pair, ~0.5 s, well under speech, repeated gently (see `ToolEarcon`).
 */
export const TOOL_EARCON: readonly Tone[] = [
  { frequencyHz: 523.25, startS: 0, durationS: 0.3, peakGain: 0.07 },
  { frequencyHz: 659.25, startS: 0.16, durationS: 0.34, peakGain: 0.06 },
];

/** When the last note of `tones` has faded (s from the chime's start). */
export function chimeLengthS(tones: readonly Tone[]): number {
  return tones.reduce((end, t) => Math.max(end, t.startS + t.durationS), 0);
}

/** A gain change on the audio clock: set at once, or ramped exponentially to. */
export interface GainPoint {
  atS: number;
  gain: number;
  ramp: boolean;
}

/** A note's gain: silent, up to its peak in {@link ATTACK_S}, then decaying away. Pure. */
export function envelope(tone: Tone, atS: number): GainPoint[] {
  const start = atS + tone.startS;
  return [
    { atS: start, gain: SILENT_GAIN, ramp: false },
    { atS: start + ATTACK_S, gain: tone.peakGain, ramp: true },
    { atS: start + tone.durationS, gain: SILENT_GAIN, ramp: true },
  ];
}

/** What scheduling a chime needs of an AudioContext (a fake in tests). */
export type ChimeContext = Pick<BaseAudioContext, 'createOscillator' | 'createGain'>;

/**
 * Schedules `tones` into `destination` from `atS` on `context`'s clock; returns when the last
 * note has faded (s, on that clock).
 */
export function scheduleChime(
  context: ChimeContext,
  destination: AudioNode,
  tones: readonly Tone[],
  atS: number,
): number {
  for (const tone of tones) {
    const oscillator = context.createOscillator();
    oscillator.type = 'sine';
    oscillator.frequency.value = tone.frequencyHz;
    const gain = context.createGain();
    for (const point of envelope(tone, atS)) {
      if (point.ramp) gain.gain.exponentialRampToValueAtTime(point.gain, point.atS);
      else gain.gain.setValueAtTime(point.gain, point.atS);
    }
    oscillator.connect(gain).connect(destination);
    oscillator.start(atS + tone.startS);
    oscillator.stop(atS + tone.startS + tone.durationS);
  }
  return atS + chimeLengthS(tones);
}
