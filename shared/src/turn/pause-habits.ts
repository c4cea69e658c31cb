import type { WordsVerdict } from './turn-words.ts';

/**
 * What a pause's habits are kept by: the words' kind, and `going-on` for complete words said
 * in a voice that goes on (level pitch, a short last syllable: see voice-cue.ts) — a user
 * who often resumes there is waited for longer there, not after every complete sentence.
 */
export type HabitKind = WordsVerdict['kind'] | 'going-on';

/** However this user pauses, a complete sentence never waits longer than this (ms). */
export const COMPLETE_CAP_MS = 600;
/** Margins over the user's own pauses (ms): wait a little past what they usually take. */
export const HABIT_MARGIN_MS: Readonly<Record<HabitKind, number>> = {
  complete: 100,
  unknown: 100,
  incomplete: 150,
  'going-on': 150,
};
/** Mid-utterance pauses remembered per kind: the latest ones, as habits change. */
const HABIT_SAMPLES = 16;
/** Pauses needed before the user's habits count. */
const HABIT_MIN_SAMPLES = 3;

/**
 * The user's own pauses inside utterances — the silences after which they went on speaking,
 * within the turn or just after a turn that ended too soon (`EndOfTurn.spokeAgain`) — by what
 * the words before them looked like. A user who often resumes after 900 ms at a
 * trailing "and" gets more than the base wait there; one who resumes after complete-looking
 * words (a list, a second sentence) gets a little more after complete ones too.
 */
export class PauseHabits {
  private readonly pauses: Record<HabitKind, number[]> = {
    complete: [],
    unknown: [],
    incomplete: [],
    'going-on': [],
  };

  /** The user went on speaking after a pause of `pauseMs` at words of `kind`. */
  resumed(kind: HabitKind, pauseMs: number): void {
    const list = this.pauses[kind];
    list.push(pauseMs);
    if (list.length > HABIT_SAMPLES) list.shift();
  }

  /** The pause the user usually stays under at words of `kind` (ms); null until known. */
  usual(kind: HabitKind): number | null {
    const list = this.pauses[kind];
    if (list.length < HABIT_MIN_SAMPLES) return null;
    const sorted = [...list].sort((a, b) => a - b);
    // Words or a voice that go on: the 90th percentile (a premature end there is the worst
    // outcome); else p75.
    const q = kind === 'incomplete' || kind === 'going-on' ? 0.9 : 0.75;
    return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? null;
  }
}
