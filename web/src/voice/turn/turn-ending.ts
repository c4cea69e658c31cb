import {
  EndOfTurn,
  type Eagerness,
  type EndOfTurnDecision,
  type PauseProsody,
  type TranscriptPartialMessage,
} from '@parley/shared';
import { PauseDetector } from './pause-detector.ts';

/** The fixed rule's end-of-speech silence (ms): segments that are no utterance end after it. */
const FIXED_END_MS = 500;
/** Capture blocks remembered (ms): the pause's are within it when the VAD reports the pause. */
const BLOCKS_KEPT_MS = 1_000;
/** A block ending this soon after the last speech (ms) may hold its end (blocks are 20 ms). */
const BLOCK_SLACK_MS = 20;
/** Louder than the pause's silence by more than this (dB) is sound the VAD must judge. */
const QUIET_MARGIN_DB = 6;
/** Digital silence counts as this level (dBFS). */
const QUIETEST_DB = -100;

/** Words the relay heard of the utterance (a `transcript.partial`'s). */
export type HeardWords = Pick<
  TranscriptPartialMessage,
  'text' | 'pauseSeq' | 'reading' | 'closedFollows' | 'spotted' | 'alternatives' | 'coversSeq'
>;

/** What one VAD frame of an utterance means for its end. */
export interface EndingStep {
  /** A pause began (the relay may answer speculatively): tell it, with the last seq sent. */
  pause: boolean;
  /** Speech resumed after a pause: the relay's speculation is stale. */
  resume: boolean;
  /** The pause has lasted as long as the policy waits: end the utterance now. */
  end: EndOfTurnDecision | null;
}

export interface TurnEndingOptions {
  eagerness: Eagerness;
  /** The conversation's language (BCP 47): whose words judge a pause; default English. */
  language?: string;
  /** A silence this long inside an utterance is a pause the relay hears of (ms). */
  pauseMs: number;
  frameMs: number;
  positiveThreshold: number;
  negativeThreshold: number;
  /** `fixed`: the VAD's own 500 ms rule ends turns (for comparison); else the policy. */
  rule: 'policy' | 'fixed';
  /**
   * Where speech really ended before a silence the VAD found from `silentFromMs` (its frames
   * lag the last word by a frame or more), looking no later than `nowMs`; default
   * `silentFromMs`. The policy's wait counts from there: the silence the user left.
   */
  lastSpeechMs?: (silentFromMs: number, nowMs: number) => number;
  /**
   * How the voice ended before a pause whose last speech was at `lastSpeechMs` (pitch, the
   * last syllable), for the policy to weigh with the words; null when the audio is not kept.
   */
  voiceBefore?: (lastSpeechMs: number) => PauseProsody | null;
}

/**
 * When the user's utterance ends, from the VAD's per-frame speech probability and the words the
 * relay heard up to each pause (pure; stream time in ms). Pauses are found by the
 * {@link PauseDetector}; during each, the {@link EndOfTurn} policy says how long to wait given
 * the words, and the first frame past that wait ends the turn. With `rule: 'fixed'` it only
 * finds pauses (the VAD's redemption time ends turns, as before the policy).
 */
export class TurnEnding {
  private readonly pauses: PauseDetector;
  /** Silence in a speech segment that is no utterance (ignored over the reply). */
  private readonly outside: PauseDetector;
  private readonly policy: EndOfTurn;
  /** The `lastSeq` of the last pause reported (words for it may end the turn sooner). */
  private pauseSeq: number | null = null;
  /** The decision that ended the utterance (once per utterance). */
  private ended: EndOfTurnDecision | null = null;
  /** Where the wait of the pause going on counts from (ms; null: no pause). */
  private pauseFromMs: number | null = null;
  /** The captured blocks of the last second: where each ended (ms), and its level (dBFS). */
  private readonly blocks: { endMs: number; levelDb: number }[] = [];
  /** A block of the pause going on louder than this (dBFS) is sound the VAD must judge. */
  private quietDb = Number.NEGATIVE_INFINITY;
  /** A block after the VAD's last frame of the pause was louder than its silence. */
  private soundInPause = false;

  constructor(private readonly o: TurnEndingOptions) {
    this.pauses = new PauseDetector(o);
    this.outside = new PauseDetector({ ...o, pauseMs: FIXED_END_MS });
    this.policy = new EndOfTurn({
      eagerness: o.eagerness,
      ...(o.language === undefined ? {} : { language: o.language }),
    });
  }

  get rule(): TurnEndingOptions['rule'] {
    return this.o.rule;
  }

  setEagerness(eagerness: Eagerness): void {
    this.policy.setEagerness(eagerness);
  }

  /** The conversation's language changed (BCP 47): its words judge the next pauses. */
  setLanguage(language: string): void {
    this.policy.setLanguage(language);
  }

  /** Whether a question about a change awaits the user's yes (see `EndOfTurn.setQuestionOpen`). */
  setQuestionOpen(open: boolean): void {
    this.policy.setQuestionOpen(open);
  }

  /** The wait the utterance ended on (or would now), and why. */
  get decision(): EndOfTurnDecision {
    return this.ended ?? this.policy.current;
  }

  /** One VAD frame of the current utterance, ending at `frameEndMs`. */
  frame(probability: number, frameEndMs: number): EndingStep {
    const p = this.pauses.frame(probability);
    if (p?.type === 'pause') {
      const silentFromMs = frameEndMs - this.pauses.silentMs;
      const from = this.o.lastSpeechMs?.(silentFromMs, frameEndMs) ?? silentFromMs;
      this.pauseFromMs = from;
      this.policy.pauseStarted(from);
      const voice = this.o.voiceBefore?.(from) ?? null;
      if (voice !== null) this.policy.voice(voice);
      this.hearPause(from, frameEndMs);
    } else if (p?.type === 'resume') {
      this.pauseFromMs = null;
      this.policy.speechResumed(frameEndMs - this.o.frameMs);
      this.pauseSeq = null;
    }
    let end: EndOfTurnDecision | null = null;
    if (this.o.rule === 'policy' && this.ended === null) {
      end = this.policy.check(frameEndMs);
      this.ended = end;
    }
    return { pause: p?.type === 'pause', resume: p?.type === 'resume', end };
  }

  /**
   * A block of captured audio of the current utterance, ending at `blockEndMs`, at `levelDb`:
   * the VAD judges it a frame or more later (its frames, its worker). A pause whose wait is over
   * in blocks no louder than the silence the VAD found ends here, without waiting for the VAD
   * to catch up; a louder block leaves the decision to the VAD's frames.
   */
  block(blockEndMs: number, levelDb: number): EndOfTurnDecision | null {
    this.blocks.push({ endMs: blockEndMs, levelDb });
    while ((this.blocks[0]?.endMs ?? blockEndMs) < blockEndMs - BLOCKS_KEPT_MS) this.blocks.shift();
    if (this.o.rule !== 'policy' || this.ended !== null || this.pauseFromMs === null) return null;
    if (levelDb > this.quietDb) this.soundInPause = true;
    if (this.soundInPause) return null;
    this.ended = this.policy.check(blockEndMs);
    return this.ended;
  }

  /**
   * One VAD frame of a speech segment that is no utterance (the reply's own sound, ignored in
   * half duplex): true when it has been silent for 500 ms, the fixed rule's wait. Such a segment
   * must end that soon (the VAD's own end is only a backstop): while it stays open, speech after
   * the reply would not start a new one.
   */
  frameOutside(probability: number): boolean {
    return this.o.rule === 'policy' && this.outside.frame(probability)?.type === 'pause';
  }

  /**
   * How loud the silence the VAD found from `fromMs` to `judgedMs` was, and whether a block
   * captured since (not judged yet) was louder.
   */
  private hearPause(fromMs: number, judgedMs: number): void {
    const silence = this.blocks.filter(
      (b) => b.endMs > fromMs + BLOCK_SLACK_MS && b.endMs <= judgedMs,
    );
    const loudest = Math.max(QUIETEST_DB, ...silence.map((b) => b.levelDb));
    this.quietDb = loudest + QUIET_MARGIN_DB;
    this.soundInPause = this.blocks.some((b) => b.endMs > judgedMs && b.levelDb > this.quietDb);
  }

  /** The pause just reported was at `lastSeq`. */
  pausedAt(lastSeq: number): void {
    this.pauseSeq = lastSeq;
  }

  /** Words the relay heard; with `pauseSeq`: those up to the pause at that seq. */
  words(heard: HeardWords): void {
    const { text, pauseSeq, reading, closedFollows, alternatives } = heard;
    const atPause = pauseSeq !== undefined && pauseSeq === this.pauseSeq;
    this.policy.words(text, atPause, reading, closedFollows === true, alternatives);
  }

  /**
   * The user's next utterance, confirmed as speech, began at `atMs`: soon after a turn the
   * policy ended, it shows that end was premature (see `EndOfTurn.spokeAgain`).
   */
  spokeAgain(atMs: number): void {
    this.policy.spokeAgain(atMs);
  }

  /** The utterance is over (or a new one starts). */
  reset(): void {
    this.pauses.reset();
    this.outside.reset();
    this.policy.reset();
    this.pauseSeq = null;
    this.ended = null;
    this.pauseFromMs = null;
    this.soundInPause = false;
  }
}
