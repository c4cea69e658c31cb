import type { SoundOverReply } from './barge-in-sound.ts';
import type { BargeInWords } from './turn-words-shape.ts';

// What the words heard of a sound over the reply say, by one language's table (see
// turn-languages.ts): backchannel phrases, words that take the turn, a lone word asked. The
// policy (barge-in-policy.ts) weighs them with the sound's length, quiet and pitch.

/** A table's lists as sets and phrases, made once per table. */
export interface BargeInSets {
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

/** The lists of barge-in table `t` as sets and phrases (made once per table). */
export function bargeInSets(t: BargeInWords): BargeInSets {
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
export function backchannelPhrases(
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
export function quote(words: readonly string[]): string {
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
export function takesTurn(
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
export function loneShortWord(sound: SoundOverReply, words: readonly string[]): boolean {
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
export function loneWordAsked(
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
