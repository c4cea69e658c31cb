import type {
  BargeInDecision,
  BargeInOptions,
  BargeInRule,
  SoundOverReply,
} from './barge-in-sound.ts';
import {
  bargeInSets,
  backchannelPhrases,
  loneShortWord,
  loneWordAsked,
  quote,
  takesTurn,
} from './barge-in-words.ts';
import { primaryLanguage, turnWordsFor } from './turn-languages.ts';
import { wordsOf } from './turn-words.ts';

export {
  BARGE_IN_RULES,
  HOLD_END_MS,
  type BargeInDecision,
  type BargeInOptions,
  type BargeInRule,
  type SoundOverReply,
} from './barge-in-sound.ts';

/**
 * Whether a sound over the assistant's reply interrupts it: words, not length, decide. A
 * listener's "yeah, yeah", "mm-hmm", "I see" or a laugh is not a request to stop, however long
 * it lasts (up to a few seconds); "wait", "no, I meant…" or a question is, however short. The
 * page ducks the reply at the sound's onset, then asks this policy as the recogniser's words
 * and the sound come in: `wait` (keep it ducked), `resume` (back at full level where it ducked)
 * or `stop` (cut it, keep what was heard).
 *
 * Pure: the caller says how long the sound has gone on, how long it has been quiet and what
 * the recogniser heard of it; no clock, no I/O (tested with made-up times). The words are data,
 * one table per language (turn-languages.ts); in a language without one, the sound's length
 * decides.
 */

/** Default of {@link BargeInOptions.readingWaitMs} (ms). */
const READING_WAIT_MS = 1_000;
/** Default of {@link BargeInOptions.uncoveredWaitMs} (ms). */
export const UNCOVERED_WAIT_MS = 4_000;

/**
 * Decides what a sound over the reply does to it (see the module's comment). Under
 * `any-sound`, only the VAD's confirmation stops it and the caller's misfire resumes it. Words
 * that do not reach the sound's end never make it a backchannel or a noise for good (see
 * {@link awaitingWords}).
 */
export function judgeBargeIn(
  sound: SoundOverReply,
  rule: BargeInRule,
  options: BargeInOptions = {},
): BargeInDecision {
  const d = judgeOnWords(sound, rule, options);
  const byWords = rule === 'words' && turnWordsFor(options.language) !== null;
  return byWords && d.action === 'resume' ? awaitingWords(d, sound, options) : d;
}

/**
 * A reply given back for a sound whose words do not reach its end yet: it comes back as it
 * would (a backchannel's resume is no slower), but unsure (its words may still take the turn),
 * and the sound's end is held for words that reach it, up to
 * {@link BargeInOptions.uncoveredWaitMs} of quiet; past that its words decide as they are, and
 * the reason says they were behind.
 */
function awaitingWords(
  d: BargeInDecision,
  sound: SoundOverReply,
  options: BargeInOptions,
): BargeInDecision {
  const behindMs = Math.round(sound.uncoveredMs ?? 0);
  if (behindMs <= 0) return d;
  if (sound.silentForMs >= (options.uncoveredWaitMs ?? UNCOVERED_WAIT_MS))
    return { ...d, reason: `${d.reason}, its words still ${behindMs} ms behind the sound` };
  return {
    ...d,
    reason: `${d.reason} so far, its words ${behindMs} ms behind the sound`,
    unsure: true,
    awaitsWords: true,
  };
}

/** {@link judgeBargeIn} on the words as they are. */
function judgeOnWords(
  sound: SoundOverReply,
  rule: BargeInRule,
  options: BargeInOptions,
): BargeInDecision {
  if (rule === 'any-sound') {
    return sound.speech
      ? { action: 'stop', reason: 'stop at any sound: speech over the reply' }
      : { action: 'wait', reason: 'stop at any sound: waiting for the VAD' };
  }
  const quietForBackchannel = options.backchannelQuietMs ?? 120;
  const quietForWordless = options.wordlessQuietMs ?? 240;
  const table = turnWordsFor(options.language);
  if (table === null) return byLength(sound, quietForWordless, primaryLanguage(options.language));
  const t = bargeInSets(table.bargeIn);
  const words = wordsOf(sound.words);
  const over = sound.ended || sound.silentForMs >= quietForBackchannel;
  const backchannel = words.length > 0 && backchannelPhrases(t, words, !over) !== null;
  // A stop word inside a backchannel ("fair enough") is part of it.
  const stopWord = backchannel ? undefined : words.find((w) => t.stopWords.has(w));
  if (stopWord !== undefined) return { action: 'stop', reason: `stop word "${stopWord}"` };
  const stopPhrase = t.stopPhrases.find((p) =>
    words.some((_, i) => p.every((w, k) => words[i + k] === w)),
  );
  if (stopPhrase) return { action: 'stop', reason: `stop words "${stopPhrase.join(' ')}"` };
  // A spotted phrase stops it unless the words heard out are a backchannel (the spotter hears
  // sounds, not meaning: its thresholds spot nothing in ordinary speech, see stop-phrases.kws).
  const spotted = sound.spotted?.[0];
  if (spotted !== undefined && !(over && backchannel))
    return { action: 'stop', reason: `spotted "${spotted}"` };
  // A backchannel that opens like a question ("wat leuk") is still one.
  const turn = backchannel
    ? null
    : takesTurn(t, words, sound.ended || sound.silentForMs >= quietForWordless);
  // A hum ("hmm", "mm") is heard by the listener as words ("edge around i"): a sound gone quiet,
  // its voice level over it, whose words take the turn by their number alone, is given back
  // until its reading of the whole sound says what it was (issue 61) — bounded: a reading that
  // does not come leaves the words to decide, as a real interruption said in a level voice
  // (about half of the bench's) must not be missed for want of one.
  if (turn?.by === 'words' && sound.silentForMs > 0 && sound.pitch === 'level' && !sound.read) {
    const asked = sound.readingAskedMs;
    if (asked !== undefined && asked >= (options.readingWaitMs ?? READING_WAIT_MS))
      return { action: 'stop', reason: `${turn.reason}, no reading of it came` };
    return {
      action: 'resume',
      reason: `a level hum heard as ${quote(words)}`,
      unsure: true,
      awaitsReading: true,
    };
  }
  if (turn !== null) return { action: 'stop', reason: turn.reason };
  if (over && backchannel) return { action: 'resume', reason: `backchannel ${quote(words)}` };
  const asked = loneWordAsked(t, sound, words, quietForWordless);
  if (asked !== null) return { action: 'stop', reason: asked };
  // Words that are no backchannel yet do not take the turn (a lone last word being revised):
  // as good as none, but their words may still come.
  if (sound.ended || sound.silentForMs >= quietForWordless)
    return words.length === 0
      ? {
          action: 'resume',
          reason: 'a sound with no words (a cough, a laugh, a noise)',
          unsure: true,
        }
      : {
          action: 'resume',
          reason: `too few words to take the turn ${quote(words)}`,
          unsure: true,
        };
  if (!backchannel && t.whWords.has(words[0] ?? '') && !loneShortWord(sound, words))
    return { action: 'stop', reason: `a question ${quote(words)}` };
  if (backchannel) {
    if (sound.elapsedMs >= (options.longestBackchannelMs ?? 2500))
      return { action: 'stop', reason: `long speech over the reply ${quote(words)}` };
    return { action: 'wait', reason: `backchannel so far ${quote(words)}` };
  }
  if (sound.speech && sound.elapsedMs >= (options.wordlessSpeechMs ?? 1500))
    return {
      action: 'stop',
      reason: words.length === 0 ? 'speech with no words heard yet' : `long speech ${quote(words)}`,
    };
  return { action: 'wait', reason: words.length === 0 ? 'a sound, no words yet' : 'words so far' };
}

/**
 * A sound over the reply in a language with no words to judge it by: its length decides, as
 * under `any-sound` — speech the VAD confirms stops the reply (a stop must not be missed), a
 * shorter sound gives it back once it has been quiet for `quietMs`.
 */
function byLength(sound: SoundOverReply, quietMs: number, language: string): BargeInDecision {
  const why = `no barge-in words for '${language}'`;
  if (sound.speech) return { action: 'stop', reason: `${why}: speech over the reply` };
  if (sound.ended || sound.silentForMs >= quietMs)
    return { action: 'resume', reason: `${why}: a short sound`, unsure: true };
  return { action: 'wait', reason: `${why}: waiting for the VAD` };
}
