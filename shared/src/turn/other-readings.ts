import { judgeWords, wordsOf, type WordsVerdict } from './turn-words.ts';

/**
 * Other readings of a pause's closed words: a misheard last word ("it is twenty …" closed as "it
 * is plenty") makes a whole sentence no rule on the words can tell from a finished one, but the
 * recogniser weighed the right reading too, close behind (issue 52). Pure.
 */

/**
 * Another reading of a pause's closed words the recogniser weighed (its n-best), `gap` behind
 * the chosen one's score (lower is closer).
 */
export interface OtherReading {
  text: string;
  gap: number;
}

/**
 * How close behind another reading that owes words makes complete closed words doubtful (in the
 * recogniser's score). Offline, on the end-of-turn bench's audio closed where its speech stops:
 * of the 9 cuts mid-sentence read as complete words, 6 had such a reading within 250 ("it is
 * plenty" against "it is twenty" at 173, "the train leaves out" against "… at" at 116); of the
 * 80 finished sentences read as complete, 6 did (within 200: 4). Live, on the closed readings
 * of four headless bench runs: within 250, 8 of 10 pauses mid-sentence each run and, but for an
 * "a" heard for "it" (see `aForPronoun`), none of the 48 finished sentences; within 200, 7 of 10
 * ("i was born in nineteen" 232 missed). In Chromium, twice: 7 of 9 and 4 of 8, and of 38
 * finished sentences only "tell me about the weather", by "… the web or" (see `orForWeakEnd`).
 */
export const DOUBT_GAP = 250;

/** Pronouns a short last word is taken for "a" in place of (see `aForPronoun`). */
const PRONOUNS = new Set('it you he she we they him her them me us'.split(' '));

/**
 * `other` reads the closed words' last pronoun as "a", as many words long ("when ten is a" behind
 * "what time is it"): the search's bias for a short last word at a cut ~100 ms into the silence
 * (see `closedHearsLastWord`), not a sign of words owed.
 */
function aForPronoun(other: readonly string[], closed: readonly string[]): boolean {
  return (
    other.length === closed.length && other.at(-1) === 'a' && PRONOUNS.has(closed.at(-1) ?? '')
  );
}

/**
 * `other` splits the closed words' last word, its weak end heard as "or" ("tell me about the web
 * or" behind "… the weather"): the search's reading of a last syllable in schwa, not a
 * conjunction (PocketSphinx writes "… seventy or" for "… seventy two" too).
 */
function orForWeakEnd(other: readonly string[], closed: readonly string[]): boolean {
  return (
    other.length === closed.length + 1 &&
    other.at(-1) === 'or' &&
    other.at(-2) !== closed.at(-1) &&
    closed.slice(0, -1).every((w, i) => other[i] === w)
  );
}

/**
 * `other` owes only by the word before its last number ("set an alarm four seven", "remind me
 * and five") but reads the words before the last otherwise than the closed ones ("… for seven",
 * "… of five"): it questions the context the recogniser ranked lower, not the last word, and a
 * number after its context is a whole value as often as it is the first of more digits. One
 * that agrees on every word before the last ("the room number is three" for "… is free") does
 * question the last word.
 */
function numberContextOnly(
  other: readonly string[],
  closed: readonly string[],
  verdict: WordsVerdict,
): boolean {
  if (verdict.kind !== 'incomplete' || verdict.rule !== 'number') return false;
  return (
    other.length !== closed.length ||
    other.at(-1) === closed.at(-1) ||
    closed.slice(0, -1).some((w, i) => other[i] !== w)
  );
}

/**
 * The first of `others` within {@link DOUBT_GAP} whose words owe more (a trailing "at", "for",
 * "the", a number that goes on) — but for the search's short last words, an "a" for a last
 * pronoun or an "or" split off the last word, and a number owed only by a context read
 * otherwise: the closed words' last word may be misheard. Judged in `language` (BCP 47; English
 * when absent). Undefined: none.
 */
export function owingReading(
  closed: string,
  others: readonly OtherReading[],
  language?: string,
): OtherReading | undefined {
  const words = wordsOf(closed);
  return others.find((o) => {
    if (o.gap > DOUBT_GAP) return false;
    const verdict = judgeWords(o.text, language);
    const other = wordsOf(o.text);
    return (
      verdict.kind === 'incomplete' &&
      !aForPronoun(other, words) &&
      !orForWeakEnd(other, words) &&
      !numberContextOnly(other, words, verdict)
    );
  });
}
