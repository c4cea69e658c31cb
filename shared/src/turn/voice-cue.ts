import type { PauseProsody } from './prosody.ts';

/** What the voice at a pause says of the turn (see {@link voiceCue}). */
export interface VoiceCue {
  /** The voice goes on: the pitch did not fall and the last syllable was short. */
  goesOn: boolean;
  /** What was heard, for the latency panel ("level pitch, short last syllable"). */
  reason: string;
}

/** A last voiced stretch this much shorter than the user's usual one is short (ratio). */
export const SHORT_LAST_RATIO = 0.6;
/**
 * A last voiced stretch this short is clipped at any rate (ms): a syllable that ends a
 * statement is drawn out, its vowel and voiced coda well past this.
 */
export const SHORT_LAST_MS = 100;
/**
 * Voiced stretches this short, typically, are a voice the tracker hears in fragments (it loses
 * the period over and over: Flite's diphone voice kal16 is the example): too poorly to judge
 * (ms). On the end-of-turn bench it halves that voice's finished sentences held as going on
 * (8 of 10 → 4) and leaves the other voices' figures as they were.
 */
export const FRAGMENTED_MS = 70;
/** Voiced stretches remembered for the user's usual one: the latest, as the voice changes. */
const STRETCHES_KEPT = 24;

/**
 * The user's usual voiced stretch (about a syllable's vowel and its voiced neighbours), a
 * running estimate over the pauses heard so far: the yardstick for a lengthened or clipped
 * last syllable, steadier than one utterance's few words and fitted to this speaker's rate.
 */
export class VoiceHabits {
  private readonly stretches: number[] = [];

  /** The voice at a pause was heard: its words' typical stretch joins the estimate. */
  heard(p: PauseProsody): void {
    if (p.typicalVoicedMs === null) return;
    this.stretches.push(p.typicalVoicedMs);
    if (this.stretches.length > STRETCHES_KEPT) this.stretches.shift();
  }

  /** The median stretch heard (ms); null until two pauses have been heard. */
  usualVoicedMs(): number | null {
    if (this.stretches.length < 2) return null;
    const sorted = [...this.stretches].sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 2)] ?? null;
  }
}

/**
 * What the voice before a pause says (pure), or null where it says nothing (no pitch heard, or
 * heard only in fragments). A statement's end falls in pitch and draws out
 * its last syllable; a pause mid-sentence keeps the pitch level (or rising, as before a list's
 * next item) and clips it. Only both together say the voice goes on: either alone is common
 * at a sentence's end too (a last word with a short vowel, "… is it"; a question's rise).
 * The last syllable is short under {@link SHORT_LAST_MS}, or against `usualVoicedMs` (the
 * user's usual stretch, {@link VoiceHabits}; else this utterance's) under
 * {@link SHORT_LAST_RATIO}.
 */
export function voiceCue(p: PauseProsody, usualVoicedMs: number | null): VoiceCue | null {
  const usual = usualVoicedMs ?? p.typicalVoicedMs;
  if (p.pitch === 'unknown' || p.lastVoicedMs === null) return null;
  if (p.typicalVoicedMs !== null && p.typicalVoicedMs < FRAGMENTED_MS) return null;
  const ratio = usual === null || usual <= 0 ? null : p.lastVoicedMs / usual;
  const short = p.lastVoicedMs <= SHORT_LAST_MS || (ratio !== null && ratio <= SHORT_LAST_RATIO);
  const pitch =
    p.pitch === 'level' ? 'level pitch' : `pitch ${p.pitch} ${Math.abs(p.moveSt).toFixed(1)} st`;
  const last = short ? 'short' : ratio !== null && ratio >= 1 / SHORT_LAST_RATIO ? 'long' : 'even';
  return {
    goesOn: p.pitch !== 'falling' && short,
    reason: `${pitch}, ${last} last syllable`,
  };
}
