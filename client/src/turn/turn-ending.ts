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
/** A voice this much louder than the room's quiet (dB) lets blocks find a pause. */
const VOICE_OVER_ROOM_DB = 20;
/** A block this much quieter than the utterance's loudest (dB), and quiet for the room, is silence. */
const SILENCE_UNDER_VOICE_DB = 30;
/** Digital silence counts as this level (dBFS). */
const QUIETEST_DB = -100;

/** Words the relay heard of the utterance (a `transcript.partial`'s). */
export type HeardWords = Pick<
  TranscriptPartialMessage,
  'text' | 'pauseSeq' | 'reading' | 'closedFollows' | 'spotted' | 'alternatives' | 'coversSeq'
>;

/** What one captured block of an utterance means for its end. */
export interface BlockStep {
  /** A pause began, found in the blocks' quiet (see `TurnEndingOptions.silentBelowDb`): tell the relay. */
  pause: boolean;
  /** The pause's wait is over in quiet audio: end the utterance now. */
  end: EndOfTurnDecision | null;
}

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
  /**
   * Captured blocks quieter than this (dBFS, the room's noise floor and a margin) are silence:
   * a pause is found in them as soon as they have lasted `pauseMs`, before the VAD's frames of
   * the same audio say it (they lag it: the worker, and the probability lingers after the last
   * word). Default: the VAD alone finds pauses.
   */
  silentBelowDb?: () => number;
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
  /**
   * The captured blocks of the last second: where each began and ended (ms), its level (dBFS),
   * and whether it was louder than the quiet (`TurnEndingOptions.silentBelowDb`) when it came.
   */
  private readonly blocks: { startMs: number; endMs: number; levelDb: number; loud: boolean }[] =
    [];
  /** Where the run of quiet blocks going on began (ms; null: the last block was loud). */
  private quietFromMs: number | null = null;
  /** The loudest block of this utterance (dBFS): its voice. */
  private loudestDb = Number.NEGATIVE_INFINITY;
  /** Where the quiet of a pause found in the blocks began (ms; null: none stands). */
  private quietPauseFromMs: number | null = null;
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
    // The VAD judging late the speech before a pause the blocks found, or its probability
    // lingering past the last word, is no speech again: that takes a loud block in its frame.
    const stale =
      this.quietPauseFromMs !== null &&
      probability >= this.o.positiveThreshold &&
      !this.loudSince(this.quietPauseFromMs, frameEndMs - this.o.frameMs, frameEndMs);
    const p = stale ? null : this.pauses.frame(probability);
    if (p?.type === 'pause') this.pauseBegan(frameEndMs - this.pauses.silentMs, frameEndMs);
    else if (p?.type === 'resume') {
      this.quietPauseFromMs = null;
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
   * A block of captured audio of the current utterance, from `blockStartMs` to `blockEndMs`, at
   * `levelDb`: the VAD judges it a frame or more later (its frames, its worker). Blocks quiet
   * for `pauseMs` after speech are a pause at once (see `TurnEndingOptions.silentBelowDb`). A pause
   * whose wait is over in blocks no louder than its silence ends here, without waiting for the
   * VAD to catch up; a louder block leaves the decision to the VAD's frames.
   */
  block(blockStartMs: number, blockEndMs: number, levelDb: number): BlockStep {
    this.loudestDb = Math.max(this.loudestDb, levelDb);
    // Silence is far below the utterance's voice and quiet for the room; in a room loud next to
    // the voice the VAD alone finds pauses. The room's level is asked only of a block that may
    // be silence: not of every block of speech.
    const underVoice = levelDb < this.loudestDb - SILENCE_UNDER_VOICE_DB;
    const roomDb = underVoice ? this.o.silentBelowDb?.() : undefined;
    const silent =
      roomDb !== undefined && this.loudestDb >= roomDb + VOICE_OVER_ROOM_DB && levelDb < roomDb;
    this.blocks.push({ startMs: blockStartMs, endMs: blockEndMs, levelDb, loud: !silent });
    while ((this.blocks[0]?.endMs ?? blockEndMs) < blockEndMs - BLOCKS_KEPT_MS) this.blocks.shift();
    const pause =
      this.o.silentBelowDb !== undefined && this.quietPause(blockStartMs, blockEndMs, !silent);
    if (this.o.rule !== 'policy' || this.ended !== null || this.pauseFromMs === null)
      return { pause, end: null };
    if (levelDb > this.quietDb) this.soundInPause = true;
    if (this.soundInPause) return { pause, end: null };
    this.ended = this.policy.check(blockEndMs);
    return { pause, end: this.ended };
  }

  /** Whether the blocks' quiet, with this one, is a pause found now. */
  private quietPause(blockStartMs: number, blockEndMs: number, loud: boolean): boolean {
    if (loud) {
      this.quietFromMs = null;
      return false;
    }
    this.quietFromMs ??= blockStartMs;
    if (blockEndMs - this.quietFromMs < this.o.pauseMs) return false;
    if (!this.pauses.quiet()) return false;
    this.quietPauseFromMs = this.quietFromMs;
    this.pauseBegan(this.quietFromMs, blockEndMs);
    return true;
  }

  /** A pause whose silence the VAD or the blocks found from `silentFromMs`, seen at `nowMs`. */
  private pauseBegan(silentFromMs: number, nowMs: number): void {
    const from = this.o.lastSpeechMs?.(silentFromMs, nowMs) ?? silentFromMs;
    this.pauseFromMs = from;
    this.policy.pauseStarted(from);
    const voice = this.o.voiceBefore?.(from) ?? null;
    if (voice !== null) this.policy.voice(voice);
    this.hearPause(from, nowMs);
  }

  /** Whether a loud block that began at or after `sinceMs` overlaps `[fromMs, toMs]`. */
  private loudSince(sinceMs: number, fromMs: number, toMs: number): boolean {
    return this.blocks.some(
      (b) => b.loud && b.startMs >= sinceMs && b.endMs > fromMs && b.startMs < toMs,
    );
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
    this.quietFromMs = null;
    this.loudestDb = Number.NEGATIVE_INFINITY;
    this.quietPauseFromMs = null;
  }
}
