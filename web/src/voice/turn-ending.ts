import {
  EndOfTurn,
  type Eagerness,
  type EndOfTurnDecision,
  type PauseReading,
} from '@parley/shared';
import { PauseDetector } from './pause-detector.ts';

/** The fixed rule's end-of-speech silence (ms): segments that are no utterance end after it. */
const FIXED_END_MS = 500;

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

  constructor(private readonly o: TurnEndingOptions) {
    this.pauses = new PauseDetector(o);
    this.outside = new PauseDetector({ ...o, pauseMs: FIXED_END_MS });
    this.policy = new EndOfTurn({ eagerness: o.eagerness });
  }

  get rule(): TurnEndingOptions['rule'] {
    return this.o.rule;
  }

  setEagerness(eagerness: Eagerness): void {
    this.policy.setEagerness(eagerness);
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
      this.policy.pauseStarted(this.o.lastSpeechMs?.(silentFromMs, frameEndMs) ?? silentFromMs);
    } else if (p?.type === 'resume') {
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
   * One VAD frame of a speech segment that is no utterance (the reply's own sound, ignored in
   * half duplex): true when it has been silent for the old fixed 500 ms. Such a segment must end
   * as soon as before (the VAD's own end is only a backstop now): while it stays open, speech
   * after the reply would not start a new one.
   */
  frameOutside(probability: number): boolean {
    return this.o.rule === 'policy' && this.outside.frame(probability)?.type === 'pause';
  }

  /** The pause just reported was at `lastSeq`. */
  pausedAt(lastSeq: number): void {
    this.pauseSeq = lastSeq;
  }

  /** Words the relay heard; `pauseSeq`: those up to the pause at that seq, in `reading`. */
  words(text: string, pauseSeq: number | undefined, reading?: PauseReading): void {
    this.policy.words(text, pauseSeq !== undefined && pauseSeq === this.pauseSeq, reading);
  }

  /** The utterance is over (or a new one starts). */
  reset(): void {
    this.pauses.reset();
    this.outside.reset();
    this.policy.reset();
    this.pauseSeq = null;
    this.ended = null;
  }
}
