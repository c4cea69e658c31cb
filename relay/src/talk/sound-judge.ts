import {
  judgeBargeIn,
  PROSODY_WINDOW_MS,
  prosodyAtPause,
  rmsDbfs,
  SAMPLE_RATE_HZ,
  type BargeInDecision,
  type BargeInRule,
} from '@parley/shared';

/** A 20 ms frame louder than this (dBFS) is the sound going on (the endpointer's speech level). */
export const LOUD_DB = -45;
/** Speech the VAD confirms after this much of it (ms), as the browser's. */
export const MIN_SPEECH_MS = 400;

const ms = (samples: number) => (samples * 1000) / SAMPLE_RATE_HZ;

/**
 * How the voice of `samples` moved up to `endSample` (its last loud one): the sound's pitch
 * once it has gone quiet, as the app reads it (see SoundOverReply.pitch).
 */
export function pitchUpTo(
  samples: Float32Array,
  onsetSample: number,
  endSample: number,
): ReturnType<typeof prosodyAtPause>['pitch'] {
  const from = Math.max(onsetSample, endSample - (PROSODY_WINDOW_MS * SAMPLE_RATE_HZ) / 1000);
  return prosodyAtPause(samples.subarray(from, endSample), SAMPLE_RATE_HZ).pitch;
}

/** What the relay said of a sound's words: a `transcript.partial`, or a bench's record of one. */
export interface HeardOverReply {
  text: string;
  /** Stop phrases its keyword spotter heard (absent or empty: none new). */
  spotted?: readonly string[];
  /** The words are the relay's reading of the whole sound (see SoundOverReply in shared). */
  read?: boolean;
  /** The sound's sample up to which the words account for its audio; absent: not said. */
  coveredToSample?: number;
}

/**
 * One sound over the reply as the app judges it (client/src/turn's SoundOverReply), for
 * `pnpm talk --over-reply` and the barge-in bench's replay: its loudness block by block, the
 * words the relay heard of it, how far into it they reach, and the policy's decision at a
 * position. Pure: positions are samples of the sound (16 kHz), no clock.
 */
export class SoundJudge {
  /** Its first loud block (a sample); null: none yet. */
  onset: number | null = null;
  /** Where its last loud block ends (a sample). */
  lastLoud = 0;
  words = '';
  read = false;
  spotted: readonly string[] = [];
  private loudMs = 0;
  /**
   * The sample up to which its words account for its audio; null: not known. As the page's, it
   * starts at the onset once the relay has said so of any sound (the words cover none of it).
   */
  private coveredTo: number | null = null;
  private pitch: { upTo: number; pitch: ReturnType<typeof pitchUpTo> } | null = null;

  /**
   * @param coverageTold the relay has said which audio its words cover, on this connection
   */
  constructor(
    private readonly samples: Float32Array,
    private readonly coverageTold: boolean,
  ) {}

  /** The block of the sound starting at sample `position` was heard. */
  block(position: number, block: Float32Array): void {
    if (rmsDbfs(block) < LOUD_DB) return;
    if (this.onset === null) {
      this.onset = position;
      if (this.coverageTold) this.coveredTo = position;
    }
    this.lastLoud = position + block.length;
    this.loudMs += ms(block.length);
  }

  /** The relay's words of it so far. */
  heard(h: HeardOverReply): void {
    this.words = h.text;
    this.read = h.read === true;
    if (h.spotted !== undefined && h.spotted.length > 0) this.spotted = h.spotted;
    if (h.coveredToSample !== undefined) this.coveredTo = h.coveredToSample;
  }

  /**
   * The policy's decision at sample `position` (`ended`: the endpointer closed its segment;
   * `readingAskedMs`: since its reading was asked for); null before its onset.
   */
  judge(
    position: number,
    o: { ended: boolean; rule: BargeInRule; language?: string; readingAskedMs?: number },
  ): BargeInDecision | null {
    const onset = this.onset;
    if (onset === null) return null;
    const quiet = position > this.lastLoud;
    if (quiet && this.pitch?.upTo !== this.lastLoud)
      this.pitch = { upTo: this.lastLoud, pitch: pitchUpTo(this.samples, onset, this.lastLoud) };
    return judgeBargeIn(
      {
        elapsedMs: ms(position - onset),
        silentForMs: ms(position - this.lastLoud),
        ended: o.ended,
        speech: this.loudMs >= MIN_SPEECH_MS,
        words: this.words,
        spotted: this.spotted,
        read: this.read,
        ...(o.readingAskedMs === undefined ? {} : { readingAskedMs: o.readingAskedMs }),
        ...(quiet && this.pitch ? { pitch: this.pitch.pitch } : {}),
        ...(this.coveredTo === null
          ? {}
          : { uncoveredMs: Math.max(0, ms(this.lastLoud - this.coveredTo)) }),
      },
      o.rule,
      // The conversation's language, as the relay said it in `ready` (issue 62).
      o.language === undefined ? {} : { language: o.language },
    );
  }
}
