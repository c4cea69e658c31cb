import type { PauseProsody } from './prosody.ts';

// What a sound over the reply is judged on, and what comes of it: the barge-in policy's words
// (barge-in-policy.ts), shared by the policy and the word rules it reads (barge-in-words.ts).

/**
 * How a sound over the reply is judged: `words` (the default) by what was said; `any-sound`
 * (the user's "stop at any sound") by length alone, as before: speech the VAD confirms (its
 * 400 ms) stops the reply, a shorter sound resumes it.
 */
export const BARGE_IN_RULES = ['words', 'any-sound'] as const;
export type BargeInRule = (typeof BARGE_IN_RULES)[number];

/** What is known of one sound over the reply, at the moment of asking. */
export interface SoundOverReply {
  /** Since the sound's onset, when the reply was ducked (ms). */
  elapsedMs: number;
  /** Since the last loud (speech-like) frame of it; 0 while it goes on (ms). */
  silentForMs: number;
  /** The sound is over for good (the VAD closed its segment): no more words will come. */
  ended: boolean;
  /** The VAD confirmed it as speech (its minimum speech length). */
  speech: boolean;
  /** What the recogniser heard of it so far (possibly nothing). */
  words: string;
  /**
   * Stop phrases a keyword spotter beside the recogniser heard in it ("pause", "hold on"):
   * sooner than the words, and where they miss. None where the recogniser spots none.
   */
  spotted?: readonly string[];
  /**
   * How the voice moved over the sound's last voiced stretch (prosody.ts), known once the sound
   * has gone quiet: a lone question word asks only where it rose ("why?"), not where it fell or
   * stayed level (an "uh huh" heard as "how"). Absent where not known.
   */
  pitch?: PauseProsody['pitch'];
  /**
   * The words are the recogniser's reading of the whole sound once it went quiet (Moonshine's,
   * where it writes: a `transcript.partial` with `reading: 'closed'` at its pause), not the
   * listener's running words.
   */
  read?: boolean;
  /**
   * Since the reading of the whole sound was asked for (ms; the client's `utterance.pause` at
   * the sound's held end). Absent: not asked yet. A reading that has not come within
   * {@link BargeInOptions.readingWaitMs} is not coming (a recogniser that reads nothing: the
   * sound's words are all there will be).
   */
  readingAskedMs?: number;
  /**
   * How much of the sound its words do not account for yet (ms): from the end of the audio the
   * recogniser had read when it said them to the sound's last loud frame. A loaded relay's
   * recogniser runs seconds behind the audio, and its words of the sound's first half ("yeah")
   * are not what the whole said ("thank you very much"). 0: they reach its end. Absent: not
   * known (a recogniser that does not say).
   */
  uncoveredMs?: number;
}

/** What to do with the ducked reply, and why (the debug panel shows the reason). */
export interface BargeInDecision {
  action: 'wait' | 'resume' | 'stop';
  reason: string;
  /**
   * A resume for want of words (none, or too few to take the turn), not for a backchannel: a
   * recogniser running late may still send the words of a short "stop" after the sound.
   */
  unsure?: true;
  /**
   * Given back until the recogniser's reading of the whole sound decides (a level hum heard as
   * words): the caller asks for that reading at the sound's held end, and tells its wait in
   * `readingAskedMs`. Only such a sound is read: a reading of one whose words were too few
   * took two of the bench's backchannels for stop words ("uh huh" read "No, no,") and caught
   * no interruption (bench/results/barge-in-issue61.md).
   */
  awaitsReading?: true;
  /**
   * Given back until words that reach the sound's end have come (see
   * {@link SoundOverReply.uncoveredMs}), bounded by {@link BargeInOptions.uncoveredWaitMs}: its
   * end is held for them however long the caller's usual hold for late words is.
   */
  awaitsWords?: true;
}

export interface BargeInOptions {
  /** Quiet after backchannel words before the reply comes back (ms). Default 120. */
  backchannelQuietMs?: number;
  /**
   * Quiet after a sound with no words before the reply comes back (ms): the recogniser's words
   * trail the audio by a frame or two, and a short "stop" must not be taken for a cough.
   * Default 240.
   */
  wordlessQuietMs?: number;
  /** Speech with no words yet for this long is taken for an interruption (ms). Default 1500. */
  wordlessSpeechMs?: number;
  /** A backchannel going on this long is taken for an interruption (ms). Default 2500. */
  longestBackchannelMs?: number;
  /**
   * How long a sound given back for its reading (a level hum heard as words) waits for that
   * reading once asked (ms): past it, its words decide. Default 1000: well past the reading's
   * wait measured under load (bench/results/moonshine-wait.md), within the client's hold.
   */
  readingWaitMs?: number;
  /**
   * How long after a sound went quiet words that do not reach its end are waited for (ms): past
   * it, the words so far decide. Default 4000: past the recogniser's lag seen on a loaded
   * relay (issue 63, item 9). Words that reach the sound's end decide at once, as before.
   */
  uncoveredWaitMs?: number;
  /**
   * The conversation's language (BCP 47; English when absent): whose words judge the sound. A
   * language without a table (turn-languages.ts) is judged by the sound's length.
   */
  language?: string;
}

/**
 * How long the end of a sound over the reply waits for its words when they have not come (ms):
 * PocketSphinx on a loaded 2-core machine sent the words of a short "stop" up to ~1 s late. The
 * page's turn machine and `pnpm talk --over-reply` (so the barge-in bench) hold alike.
 */
export const HOLD_END_MS = 1_500;
