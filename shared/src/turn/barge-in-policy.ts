import type { PauseProsody } from './prosody.ts';
import { primaryLanguage, turnWordsFor } from './turn-languages.ts';
import type { BargeInWords } from './turn-words-shape.ts';
import { wordsOf } from './turn-words.ts';

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

/** Default of {@link BargeInOptions.readingWaitMs} (ms). */
const READING_WAIT_MS = 1_000;
/** Default of {@link BargeInOptions.uncoveredWaitMs} (ms). */
export const UNCOVERED_WAIT_MS = 4_000;

/** A table's lists as sets and phrases, made once per table. */
interface BargeInSets {
  stopWords: ReadonlySet<string>;
  stopPhrases: readonly string[][];
  /** The backchannels as phrases of words, longest first. */
  phrases: readonly string[][];
  backchannelWords: ReadonlySet<string>;
  whWords: ReadonlySet<string>;
  openers: ReadonlySet<string>;
  functionWords: ReadonlySet<string>;
  auxOpeners: ReadonlySet<string>;
}

const SETS = new WeakMap<BargeInWords, BargeInSets>();

function setsOf(t: BargeInWords): BargeInSets {
  const known = SETS.get(t);
  if (known) return known;
  const phrases = t.backchannels.map((p) => p.split(' ')).sort((a, b) => b.length - a.length);
  const sets: BargeInSets = {
    stopWords: new Set(t.stopWords),
    stopPhrases: t.stopPhrases.map((p) => p.split(' ')),
    phrases,
    backchannelWords: new Set(phrases.flat()),
    whWords: new Set(t.whWords),
    openers: new Set(t.openers),
    functionWords: new Set(t.functionWords),
    auxOpeners: new Set(t.auxOpeners),
  };
  SETS.set(t, sets);
  return sets;
}

/**
 * Splits `words` into backchannel phrases; null when some word is not part of one. With
 * `open`, a trailing unfinished phrase ("i", "of", "that's") counts as one still being said.
 */
function backchannelPhrases(
  t: BargeInSets,
  words: readonly string[],
  open: boolean,
): string[] | null {
  const phrases: string[] = [];
  let i = 0;
  outer: while (i < words.length) {
    for (const p of t.phrases) {
      if (p.every((w, k) => words[i + k] === w)) {
        phrases.push(p.join(' '));
        i += p.length;
        continue outer;
      }
    }
    const rest = words.slice(i);
    const unfinished =
      open && t.phrases.some((p) => p.length > rest.length && rest.every((w, k) => p[k] === w));
    return unfinished ? [...phrases, rest.join(' ')] : null;
  }
  return phrases;
}

/** The words as the reason quotes them (the first few). */
function quote(words: readonly string[]): string {
  const shown = words.slice(0, 6).join(' ');
  return `"${shown}${words.length > 6 ? '…' : ''}"`;
}

/**
 * Whether the words take the turn. A recogniser's running hypothesis revises its last word
 * (PocketSphinx heard "okay okay" as "the", "okay", "okay old", then "okay okay"; its first
 * word is often a stray "the" or "he"), so the last word alone never stops the reply unless it
 * asks to: the words before it must already be no backchannel — an opener followed by a word
 * ("what about", "can you"), or three words or more that do not start like one and say
 * something (not "but i'm a").
 */
function takesTurn(
  t: BargeInSets,
  words: readonly string[],
  settled: boolean,
): { by: 'question' | 'words'; reason: string } | null {
  const before = words.slice(0, -1);
  if (before.some((w) => t.openers.has(w)) || t.auxOpeners.has(before[0] ?? ''))
    return { by: 'question', reason: `a question ${quote(words)}` };
  // Once the sound is over, its last word has had the recogniser's time: it counts too.
  const content = (settled ? words : before).some(
    (w) => !t.functionWords.has(w) && !t.backchannelWords.has(w),
  );
  // Nor, once over, can the words before it still grow into a backchannel ("thank you very"
  // of "thank you very much" is no "very good" being said).
  const open = !settled;
  // A word said again at once ("love love love" for a laugh, "m m air tran" for "mm hmm") is
  // the rhythm of a laugh or a backchannel, not of a request: only its words above stop it.
  const repeated = words.some((w, i) => i > 0 && words[i - 1] === w);
  if (words.length >= 3 && content && !repeated && backchannelPhrases(t, before, open) === null)
    return { by: 'words', reason: `words ${quote(words)}` };
  return null;
}

/**
 * A lone word heard of a sound too short to hold more, or that has already gone quiet: a
 * question word heard first while the sound goes on takes the turn, as more words are coming
 * ("why" of "why is that"), but PocketSphinx hears a short backchannel as one too ("uh huh" as
 * "how", "wow" as "why"). Until the sound is speech (the VAD's minimum length: longer than one
 * short word) and still loud, the word waits for the next one or for the sound's end, where its
 * pitch decides.
 */
function loneShortWord(sound: SoundOverReply, words: readonly string[]): boolean {
  return words.length === 1 && (!sound.speech || sound.silentForMs > 0);
}

/**
 * A lone word said as a question, once the sound is quiet: its voice rose over it. A question
 * word asks so ("why?"); so does a word that says something, said on its own for long enough to
 * be speech ("pause?", "tomorrow?": an echo question, or a call for attention) — a word the
 * recogniser misheard keeps the rise it was said with (awb's "pause" heard as "boris"). A rising
 * backchannel ("yeah?") or function word ("the", a stray first word) asks nothing. Null: no
 * question (the reason otherwise).
 */
function loneWordAsked(
  t: BargeInSets,
  sound: SoundOverReply,
  words: readonly string[],
  quietMs: number,
): string | null {
  const word = words[0] ?? '';
  if (words.length !== 1 || sound.pitch !== 'rising') return null;
  if (!sound.ended && sound.silentForMs < quietMs) return null;
  if (t.whWords.has(word)) return `a question ${quote(words)}, the voice rising`;
  const saysSomething = !t.functionWords.has(word) && !t.backchannelWords.has(word);
  return saysSomething && sound.speech
    ? `a lone word asked ${quote(words)}, the voice rising`
    : null;
}

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
  const t = setsOf(table.bargeIn);
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
