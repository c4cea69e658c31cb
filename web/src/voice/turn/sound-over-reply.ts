import { judgeBargeIn, type BargeInDecision, type BargeInRule } from '@parley/shared';

/**
 * One sound over the reply being judged by its words (see judgeBargeIn): since when it went on,
 * when it was last loud, what the recogniser heard of it, and whether the reply was already
 * given back (a backchannel heard out: the VAD's segment may still be open, and late words can
 * still stop the reply). Plain data with one question; the machine owns it.
 */
export class SoundOverReply {
  words = '';
  /** Stop phrases the relay's keyword spotter heard in it (see SoundOverReply in shared). */
  spotted: readonly string[] = [];
  /** The VAD confirmed the sound as speech. */
  speech = false;
  /** The reply was resumed for it; only a stop is left to decide until its segment closes. */
  resumed = false;
  /** It was judged an interruption: from then on an utterance like any other. */
  stopped = false;
  /** Stream time of its last loud frame (ms). */
  lastLoudMs: number;

  constructor(readonly onsetMs: number) {
    this.lastLoudMs = onsetMs;
  }

  /**
   * What the policy makes of it at `nowMs` (`ended`: the VAD closed its segment), by the words
   * of `language` (BCP 47; English when absent).
   */
  judge(nowMs: number, rule: BargeInRule, ended: boolean, language?: string): BargeInDecision {
    return judgeBargeIn(
      {
        elapsedMs: nowMs - this.onsetMs,
        silentForMs: Math.max(0, nowMs - this.lastLoudMs),
        ended,
        speech: this.speech,
        words: this.words,
        spotted: this.spotted,
      },
      rule,
      language === undefined ? {} : { language },
    );
  }
}
