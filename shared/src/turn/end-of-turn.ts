import { COMPLETE_CAP_MS, HABIT_MARGIN_MS, PauseHabits, type HabitKind } from './pause-habits.ts';
import type { PauseProsody } from './prosody.ts';
import { voiceCue, VoiceHabits, type VoiceCue } from './voice-cue.ts';
import type { OtherReading } from './other-readings.ts';
import { doubted, weigh, type Reading } from './pause-readings.ts';
import { turnWordsFor } from './turn-languages.ts';
import { judgeWords, type WordsVerdict } from './turn-words.ts';
import { yesOrNo } from './yes-no.ts';

/**
 * A silence this long inside an utterance is a pause the relay hears of, to start its answer
 * (ms): three VAD frames. Short enough that the answer is ready when a complete sentence's wait
 * is over, long enough not to fall in the gaps inside a word
 * (docs/decisions.md#the-end-of-a-turn-is-decided-by-the-words-heard-not-a-fixed-silence).
 */
export const PAUSE_REPORT_MS = 96;

/** How soon the assistant takes its turn when the user pauses: a user's preference. */
export const EAGERNESS = ['patient', 'balanced', 'eager'] as const;
export type Eagerness = (typeof EAGERNESS)[number];

/**
 * Which reading of the audio up to a pause its words are: the recogniser's running
 * `hypothesis`, or its `closed` segment (scored as a whole sentence).
 */
export const PAUSE_READINGS = ['hypothesis', 'closed'] as const;
export type PauseReading = (typeof PAUSE_READINGS)[number];

/** What the words at a pause say, and how long the turn waits for more because of it. */
export interface EndOfTurnDecision {
  /** Silence after the last speech before the turn ends (ms). */
  waitMs: number;
  kind: WordsVerdict['kind'];
  /** Why, in a few words, for the latency panel ("complete question", "trailing 'and'"). */
  reason: string;
}

export interface EndOfTurnOptions {
  eagerness: Eagerness;
  /** The shortest wait (ms). Default 200: shorter cuts into the gaps between words. */
  minWaitMs?: number;
  /** The longest wait (ms). Default 2,000: past it a user who is still thinking can say so. */
  maxWaitMs?: number;
  /**
   * The conversation's language (BCP 47; English when absent): whose words judge a pause
   * (turn-languages.ts). In a language without a table the voice and the silence decide.
   */
  language?: string;
}

/**
 * Waits at `balanced` (ms). Complete: long enough for a word the recogniser had not yet
 * delivered to show up, short enough to feel like a person answering (~250 ms is the gap
 * between turns in conversation). Unknown: the old fixed rule, so no words is never worse than
 * before. Incomplete: a mid-sentence hesitation in read and spontaneous speech mostly lasts
 * under a second.
 */
export const BASE_WAIT_MS: Readonly<Record<WordsVerdict['kind'], number>> = {
  complete: 250,
  unknown: 500,
  incomplete: 1_200,
};

/** The longest wait unless the options say otherwise (ms); see `EndOfTurnOptions`. */
const DEFAULT_MAX_WAIT_MS = 2_000;

const EAGERNESS_FACTOR: Readonly<Record<Eagerness, number>> = {
  eager: 0.75,
  balanced: 1,
  patient: 1.5,
};

/** How long to wait at a pause after words judged as `verdict` (pure). */
export function endOfTurnWait(
  verdict: WordsVerdict,
  habits: PauseHabits,
  options: EndOfTurnOptions,
): EndOfTurnDecision {
  const minWaitMs = options.minWaitMs ?? 200;
  const maxWaitMs = options.maxWaitMs ?? DEFAULT_MAX_WAIT_MS;
  const base = BASE_WAIT_MS[verdict.kind] * EAGERNESS_FACTOR[options.eagerness];
  const usual = habits.usual(verdict.kind);
  let waitMs = base;
  let reason = verdict.reason;
  if (usual !== null && usual + HABIT_MARGIN_MS[verdict.kind] > base) {
    const fromHabit = usual + HABIT_MARGIN_MS[verdict.kind];
    waitMs = verdict.kind === 'complete' ? Math.min(COMPLETE_CAP_MS, fromHabit) : fromHabit;
    if (waitMs > base) reason = `${reason}; you pause ~${Math.round(usual)} ms`;
    else waitMs = base;
  }
  return {
    waitMs: Math.round(Math.min(maxWaitMs, Math.max(minWaitMs, waitMs))),
    kind: verdict.kind,
    reason,
  };
}

/**
 * How long to wait at a pause after complete words in a voice that goes on (pure). On its own
 * the voice does not hold the turn: on the end-of-turn bench (Flite's voices) it said "goes on"
 * before half the pauses cut mid-sentence but also after a fifth of the finished sentences, and
 * a 600 ms hold there saved no premature end in a run with the rules side by side while costing
 * those sentences 350 ms (docs/decisions.md). It holds once the user's own pauses after such a
 * voice say so: the complete wait, raised to their usual resumption there (kept apart from
 * their pauses after finished sentences, and not capped at 600 ms as those are).
 */
function goingOnWait(
  verdict: WordsVerdict,
  cue: VoiceCue,
  habits: PauseHabits,
  options: EndOfTurnOptions,
): EndOfTurnDecision {
  const base = BASE_WAIT_MS.complete * EAGERNESS_FACTOR[options.eagerness];
  const usual = habits.usual('going-on');
  const fromHabit = usual === null ? 0 : usual + HABIT_MARGIN_MS['going-on'];
  const habit = fromHabit > base ? `; you pause ~${Math.round(usual ?? 0)} ms` : '';
  const waitMs = Math.max(options.minWaitMs ?? 200, base, fromHabit);
  return {
    waitMs: Math.round(Math.min(options.maxWaitMs ?? DEFAULT_MAX_WAIT_MS, waitMs)),
    kind: verdict.kind,
    reason: `${verdict.reason}; voice goes on (${cue.reason})${habit}`,
  };
}

/**
 * The end of the user's turn, decided during each pause (pure; stream time in ms). The words
 * that may shorten the wait are the ones heard up to the pause (the relay's readings of it):
 * older words, a partial that may lack the last word, could only end a turn early, so they are
 * used only to wait longer. Words arriving during the pause re-decide: a turn whose silence
 * already exceeds the new wait ends at the next check.
 *
 * A pause is read two ways: the recogniser's running hypothesis (the latest one stands: the one
 * sent at the pause may be a word behind) and its closed segment, scored as a whole sentence.
 * Where they disagree the more patient one stands (see `weigh`) — unless the closed reading
 * hears out a last word the hypothesis had not ("what time is a" → "… is it"). Figures and what
 * was tried: docs/decisions.md#the-end-of-a-turn-is-decided-by-the-words-heard-not-a-fixed-silence.
 */
export class EndOfTurn {
  private pauseAtMs: number | null = null;
  private decision: EndOfTurnDecision;
  /** The readings of the current pause. */
  private pauseHypothesis: Reading | null = null;
  private pauseClosed: Reading | null = null;
  /** The current pause's closed reading is on its way (see {@link words}). */
  private closedDue = false;
  /** The last check held the end for the closed reading (its wait was over). */
  private holding = false;
  private partialVerdict: WordsVerdict | null = null;
  /** Where the pause that ended the last turn began, and its words' kind (see `spokeAgain`). */
  private lastEnd: { pauseAtMs: number; kind: HabitKind } | null = null;
  /** What the voice at the current pause said (null: not heard, or not weighed). */
  private pauseVoice: VoiceCue | null = null;
  /** Which of the user's habits the current decision drew on (and learns from). */
  private habitKind: HabitKind = 'unknown';
  /** A question awaits the user's yes before something is changed (see {@link setQuestionOpen}). */
  private questionOpen = false;

  constructor(
    private options: EndOfTurnOptions,
    readonly habits = new PauseHabits(),
    readonly voiceHabits = new VoiceHabits(),
  ) {
    this.decision = this.decide();
  }

  setEagerness(eagerness: Eagerness): void {
    this.options = { ...this.options, eagerness };
    this.decision = this.decide();
  }

  /** The conversation's language changed (BCP 47): its words judge the next pauses. */
  setLanguage(language: string): void {
    this.options = { ...this.options, language };
    this.decision = this.decide();
  }

  get language(): string | undefined {
    return this.options.language;
  }

  /**
   * Whether the assistant's question about a change (`tool.confirm`) awaits the user's yes. While
   * it does, words that are only a yes wait as words that go on: "yes — no, wait" said with a
   * breath between is one answer (a no), not a yes that ran the call before the "no" (issue 60).
   */
  setQuestionOpen(open: boolean): void {
    this.questionOpen = open;
  }

  private get maxWaitMs(): number {
    return this.options.maxWaitMs ?? DEFAULT_MAX_WAIT_MS;
  }

  get eagerness(): Eagerness {
    return this.options.eagerness;
  }

  /** The wait the current pause would end at, and why. */
  get current(): EndOfTurnDecision {
    return this.decision;
  }

  /** Silence since `atMs` (the end of the last speech), inside an utterance. */
  pauseStarted(atMs: number): void {
    this.pauseAtMs = atMs;
    this.forgetPause();
    this.decision = this.decide();
  }

  /**
   * Words heard so far. `atPause`: they are a reading of the audio up to the current pause
   * (`reading`: which one); else a partial while speaking, which may lag behind. `closedFollows`
   * (with a hypothesis): the recogniser is closing the pause's words, and the turn does not end
   * before its closed reading has come (see {@link check}). `others` (with a closed reading):
   * other readings of the same audio (see {@link doubted}).
   */
  words(
    text: string,
    atPause: boolean,
    reading: PauseReading = 'hypothesis',
    closedFollows = false,
    others: readonly OtherReading[] = [],
  ): void {
    const verdict = this.judge(text);
    if (atPause && this.pauseAtMs !== null) {
      if (reading === 'closed')
        this.pauseClosed = doubted({ text, verdict }, others, this.options.language);
      else {
        this.pauseHypothesis = { text, verdict };
        if (closedFollows) this.closedDue = true;
      }
    } else this.partialVerdict = verdict;
    this.decision = this.decide();
  }

  /**
   * How the voice ended before the current pause (prosody.ts, on the audio up to its last
   * speech): complete words in a voice that goes on wait longer (see voice-cue.ts). Heard
   * once per pause; it also teaches the user's usual syllable.
   */
  voice(prosody: PauseProsody): void {
    if (this.pauseAtMs === null) return;
    this.voiceHabits.heard(prosody);
    this.pauseVoice = voiceCue(prosody, this.voiceHabits.usualVoicedMs());
    this.decision = this.decide();
  }

  /** Speech again at `atMs`: the pause was the user's, mid-utterance; remembered as a habit. */
  speechResumed(atMs: number): void {
    if (this.pauseAtMs !== null)
      this.habits.resumed(this.habitKind, Math.max(0, atMs - this.pauseAtMs));
    this.pauseAtMs = null;
    this.forgetPause();
    this.decision = this.decide();
  }

  /**
   * The decision that ends the turn at `nowMs`, or null while the pause is shorter than it. The
   * caller ends the turn on a decision: it is remembered for {@link spokeAgain}.
   *
   * A pause whose closed reading is on its way is held past its wait until that reading has come
   * (at most to the wait for words not known, 500 ms at `balanced`). The hypothesis sent at the
   * pause may lack its last word ("book a flight to" heard as "but for flight" at the pause,
   * closed as "… the flight to" 300 ms in: a complete statement's 250 ms had already ended the
   * turn). Holding costs the answer little: with a recogniser that closes the words at the
   * pause, the answer is asked for at the pause but voiced once the closed reading confirms its
   * words (or started again on other ones), so its first audio is not ready before it.
   * The decision then says the silence it ended at, and why.
   */
  check(nowMs: number): EndOfTurnDecision | null {
    if (this.pauseAtMs === null) return null;
    const silentMs = nowMs - this.pauseAtMs;
    if (silentMs < this.decision.waitMs) {
      this.holding = false;
      return null;
    }
    if (this.closedDue && this.pauseClosed === null && silentMs < this.holdLimitMs) {
      this.holding = true;
      return null;
    }
    const decision: EndOfTurnDecision = this.holding
      ? {
          ...this.decision,
          waitMs: Math.round(silentMs),
          reason: `${this.decision.reason}; ${
            this.pauseClosed === null ? 'final words late' : 'waited for the final words'
          }`,
        }
      : this.decision;
    this.holding = false;
    this.lastEnd = { pauseAtMs: this.pauseAtMs, kind: this.habitKind };
    return decision;
  }

  /** The longest a pause is held for its closed reading (ms): the wait for words not known. */
  private get holdLimitMs(): number {
    return Math.min(this.maxWaitMs, BASE_WAIT_MS.unknown * EAGERNESS_FACTOR[this.eagerness]);
  }

  /**
   * The user's next utterance began at `atMs` (confirmed speech, not the reply's echo). If the
   * turn before it was ended by this policy less than the longest wait before, the user was not
   * done but pausing (they went on, or cut in on the answer to go on): their silence is learnt as
   * a pause they resumed after. Without this the habits would never see a pause longer than the
   * wait (it ends the turn), so a user cut off again and again would never be waited for longer.
   */
  spokeAgain(atMs: number): void {
    const end = this.lastEnd;
    this.lastEnd = null;
    if (end === null) return;
    const pauseMs = atMs - end.pauseAtMs;
    if (pauseMs >= 0 && pauseMs <= this.maxWaitMs) this.habits.resumed(end.kind, pauseMs);
    this.decision = this.decide();
  }

  /** The utterance is over (ended, cancelled): the next starts with no words. */
  reset(): void {
    this.pauseAtMs = null;
    this.forgetPause();
    this.partialVerdict = null;
    this.decision = this.decide();
  }

  /** What the words say, a lone yes to an open question waiting as words that go on. */
  private judge(text: string): WordsVerdict {
    const { language } = this.options;
    const verdict = judgeWords(text, language);
    if (!this.questionOpen || verdict.kind !== 'complete' || yesOrNo(text, language) !== 'yes')
      return verdict;
    return { kind: 'incomplete', reason: 'a yes to a question: "no, wait" may follow' };
  }

  /** What a pause with no words says: nothing yet, or nothing ever in a language with no table. */
  private noWords(): WordsVerdict {
    const { language } = this.options;
    return turnWordsFor(language) === null
      ? judgeWords('', language)
      : { kind: 'unknown', reason: 'no words at the pause yet' };
  }

  private forgetPause(): void {
    this.pauseHypothesis = null;
    this.pauseClosed = null;
    this.closedDue = false;
    this.holding = false;
    this.pauseVoice = null;
  }

  private decide(): EndOfTurnDecision {
    const verdict: WordsVerdict =
      weigh(this.pauseHypothesis, this.pauseClosed, this.options.language) ??
      (this.partialVerdict?.kind === 'incomplete' ? this.partialVerdict : this.noWords());
    const voice = this.pauseVoice;
    if (voice?.goesOn === true && verdict.kind === 'complete') {
      this.habitKind = 'going-on';
      return goingOnWait(verdict, voice, this.habits, this.options);
    }
    if (voice?.goesOn === true && verdict.kind === 'unknown') {
      // No words to go by (none yet, or one that is no answer): the voice decides, as words
      // that go on would.
      this.habitKind = 'incomplete';
      const going = {
        kind: 'incomplete',
        reason: `${verdict.reason}; voice goes on (${voice.reason})`,
      } as const;
      return endOfTurnWait(going, this.habits, this.options);
    }
    this.habitKind = verdict.kind;
    const decision = endOfTurnWait(verdict, this.habits, this.options);
    // What the voice said is shown where it did not change the wait too ("voice ends").
    return this.pauseVoice === null || verdict.kind !== 'complete'
      ? decision
      : { ...decision, reason: `${decision.reason}; ${this.pauseVoice.reason}` };
  }
}
