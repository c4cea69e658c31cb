import {
  judgeBargeIn,
  PROSODY_WINDOW_MS,
  UNCOVERED_WAIT_MS,
  prosodyAtPause,
  type BargeInDecision,
  type BargeInRule,
  type PauseProsody,
} from '@parley/shared';

/** How the voice over a stretch of the microphone's audio moved (see TurnMachineOptions). */
export type SoundPitch = (fromMs: number, toMs: number) => PauseProsody['pitch'] | null;

/** Audio after the last loud frame, for the pitch tracker's last window (samples at 16 kHz). */
const VOICE_SLACK_SAMPLES = 320;

/**
 * A sound's pitch read from the microphone audio `kept` (16 kHz stream samples, as the
 * turn-taker keeps it): the last {@link PROSODY_WINDOW_MS} of it at most.
 */
export function soundPitchFrom(kept: {
  before(endSample: number, count: number): Float32Array | null;
}): SoundPitch {
  return (fromMs, toMs) => {
    const ms = Math.min(PROSODY_WINDOW_MS, Math.max(0, toMs - fromMs));
    const audio = kept.before(toMs * 16 + VOICE_SLACK_SAMPLES, ms * 16 + VOICE_SLACK_SAMPLES);
    return audio === null ? null : prosodyAtPause(audio).pitch;
  };
}

/**
 * One sound over the reply being judged by its words (see judgeBargeIn): since when it went on,
 * when it was last loud, what the recogniser heard of it, and whether the reply was already
 * given back (a backchannel heard out: the VAD's segment may still be open, and late words can
 * still stop the reply). Plain data, told what was heard and asked what it is; the machine
 * owns it.
 */
export class SoundOverReply {
  words = '';
  /** Stop phrases the relay's keyword spotter heard in it (see SoundOverReply in shared). */
  spotted: readonly string[] = [];
  /** The words are the recogniser's reading of the whole sound (see SoundOverReply in shared). */
  read = false;
  /** Stream time its reading was asked for (the held end's `utterance.pause`); null: not asked. */
  readingAskedAtMs: number | null = null;
  /** The VAD confirmed the sound as speech. */
  speech = false;
  /** The reply was resumed for it; only a stop is left to decide until its segment closes. */
  resumed = false;
  /** It was judged an interruption: from then on an utterance like any other. */
  stopped = false;
  /** Stream time of its last loud frame (ms). */
  lastLoudMs: number;
  /**
   * Stream time up to which its words account for the microphone's audio (ms: the end of the
   * last seq the recogniser had read when it said them); null: not known (a recogniser that
   * does not say).
   */
  coveredToMs: number | null;
  /**
   * Stream time from which its words could come again after the connection was down (ms): the
   * wait for words that reach its end counts from there, not from its end, since words cannot
   * come while nothing reaches the page. Null: the connection stayed up.
   */
  wordsAgainFromMs: number | null = null;

  /** Its pitch up to `upToMs` (its last loud frame then), read once per quiet stretch. */
  private pitch: { upToMs: number; pitch: PauseProsody['pitch'] | null } | null = null;

  /**
   * @param coverageTold the recogniser says which audio its words cover: until it has said so
   * of this sound, they cover none of it
   */
  constructor(
    readonly onsetMs: number,
    private readonly pitchOf?: SoundPitch,
    coverageTold = false,
  ) {
    this.lastLoudMs = onsetMs;
    this.coveredToMs = coverageTold ? onsetMs : null;
  }

  /**
   * The recogniser's words so far of it, and the stop phrases its keyword spotter heard in it
   * (none: those spotted before stand); `read`: they are its reading of the whole sound;
   * `coveredToMs`: the stream time up to which they account for its audio, where it says.
   */
  hear(words: string, spotted: readonly string[], read: boolean, coveredToMs?: number): void {
    this.words = words;
    this.read = read;
    if (coveredToMs !== undefined) this.coveredToMs = coveredToMs;
    if (spotted.length > 0) this.spotted = spotted;
  }

  /** Its pitch once it has gone quiet at `nowMs` (undefined while loud, or not known). */
  private pitchAt(nowMs: number): PauseProsody['pitch'] | undefined {
    if (this.pitchOf === undefined || nowMs <= this.lastLoudMs) return undefined;
    if (this.pitch?.upToMs !== this.lastLoudMs)
      this.pitch = { upToMs: this.lastLoudMs, pitch: this.pitchOf(this.onsetMs, this.lastLoudMs) };
    return this.pitch.pitch ?? undefined;
  }

  /**
   * What the policy makes of it at `nowMs` (`ended`: the VAD closed its segment), by the words
   * of `language` (BCP 47; English when absent).
   */
  judge(nowMs: number, rule: BargeInRule, ended: boolean, language?: string): BargeInDecision {
    const pitch = this.pitchAt(nowMs);
    return judgeBargeIn(
      {
        elapsedMs: nowMs - this.onsetMs,
        silentForMs: Math.max(0, nowMs - this.lastLoudMs),
        ended,
        speech: this.speech,
        words: this.words,
        spotted: this.spotted,
        read: this.read,
        ...(this.readingAskedAtMs === null
          ? {}
          : { readingAskedMs: Math.max(0, nowMs - this.readingAskedAtMs) }),
        ...(pitch === undefined ? {} : { pitch }),
        ...(this.coveredToMs === null
          ? {}
          : { uncoveredMs: Math.max(0, this.lastLoudMs - this.coveredToMs) }),
      },
      rule,
      {
        ...(language === undefined ? {} : { language }),
        ...(this.wordsAgainFromMs === null
          ? {}
          : {
              uncoveredWaitMs:
                UNCOVERED_WAIT_MS + Math.max(0, this.wordsAgainFromMs - this.lastLoudMs),
            }),
      },
    );
  }
}
