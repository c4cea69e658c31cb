/**
 * What the words heard so far say about whether the user has finished: pure rules on the last
 * word or two, no model (the trained turn detectors' weights are not available to us, and these
 * rules cover the pauses people make most: before the object of a preposition, after a
 * conjunction or an article, in a filler, inside a number).
 *
 * Why the last words: a speaker who pauses mid-sentence almost always does so at a point where
 * the grammar still owes something ("book a table for … two", "I want to … ", "and … "); a
 * finished question or statement ends on a content word. The first word adds whether the
 * complete form is a question (for the reason shown), never whether it is complete.
 *
 * The words are data, one table per language (turn-languages.ts: English, Dutch); a language
 * without one falls back to the voice and the silence.
 */
import { owedByClause, owedByNumber } from './owed-words.ts';
import { primaryLanguage, turnWordsFor } from './turn-languages.ts';
import type { EndOfTurnWords } from './turn-words-shape.ts';

/** Whether the words so far form a finished turn, and why (for the latency panel). */
export type WordsVerdict =
  | { kind: 'complete'; reason: string }
  | {
      kind: 'incomplete';
      reason: string;
      /** 'number': owed only by the word before a last number (see `owedByNumber`). */
      rule?: 'number';
    }
  | { kind: 'unknown'; reason: string };

/** The words of a transcript, lower case, without punctuation (apostrophes kept). */
export function wordsOf(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}'\s-]/gu, ' ')
    .split(/\s+/)
    .filter((w) => w !== '' && w !== "'");
}

/** A table's lists as sets, made once per table. */
interface EndOfTurnSets {
  continues: ReadonlyMap<string, string>;
  numberContinues: ReadonlySet<string>;
  numberEndings: readonly string[];
  pairsContinue: ReadonlySet<string>;
  pairsComplete: ReadonlySet<string>;
  copulas: ReadonlySet<string>;
  verbLastAfter: ReadonlySet<string>;
  wholeWords: ReadonlySet<string>;
  questionStarts: ReadonlySet<string>;
}

const SETS = new WeakMap<EndOfTurnWords, EndOfTurnSets>();

function setsOf(t: EndOfTurnWords): EndOfTurnSets {
  const known = SETS.get(t);
  if (known) return known;
  const sets: EndOfTurnSets = {
    continues: new Map(
      Object.entries(t.continues).flatMap(([role, list]) => list.map((w) => [w, role] as const)),
    ),
    numberContinues: new Set(t.numberContinues),
    numberEndings: t.numberContinuesEndings ?? [],
    pairsContinue: new Set(t.pairsContinue),
    pairsComplete: new Set(t.pairsComplete ?? []),
    copulas: new Set(t.copulas),
    verbLastAfter: new Set(t.verbLastAfter ?? []),
    wholeWords: new Set(t.wholeWords),
    questionStarts: new Set(t.questionStarts),
  };
  SETS.set(t, sets);
  return sets;
}

/** The role a table gives auxiliaries and verbs that take what follows. */
const VERB_ROLE = 'verb';

/**
 * Judges the words heard up to a pause in `language` (BCP 47; English when absent), by its
 * table (see the module's comment for the rules). A language without a table has no words to
 * go by: unknown, and the voice and the silence decide (the reason says so, for the latency
 * panel).
 */
export function judgeWords(text: string, language?: string): WordsVerdict {
  const table = turnWordsFor(language);
  if (table === null)
    return {
      kind: 'unknown',
      reason: `no turn words for '${primaryLanguage(language)}': voice and silence decide`,
    };
  const t = setsOf(table.endOfTurn);
  const w = wordsOf(text);
  const last = w.at(-1);
  if (last === undefined) return { kind: 'unknown', reason: 'no words yet' };
  const pair = w.slice(-2).join(' ');
  if (w.length >= 2 && t.pairsContinue.has(pair))
    return { kind: 'incomplete', reason: `trailing '${pair}'` };
  const first = w[0] ?? '';
  const question = t.questionStarts.has(first);
  const complete: WordsVerdict = question
    ? { kind: 'complete', reason: 'complete question' }
    : { kind: 'complete', reason: 'complete statement' };
  if (w.length >= 2 && t.pairsComplete.has(pair)) return complete;
  const clauseWord = table.endOfTurn.clauseWord;
  // "the problem is that …": in a statement, 'that' after a form of 'be' opens a clause (in a
  // question it is the thing asked about: "what is that", "is that").
  if (last === clauseWord && !question && t.copulas.has(w.at(-2) ?? ''))
    return { kind: 'incomplete', reason: `trailing '${pair}'` };
  const owed = owedByClause(w, table.endOfTurn, t.continues, question);
  if (owed === 'closes') return complete;
  if (owed !== null) return { kind: 'incomplete', reason: owed.owes };
  const role = t.continues.get(last);
  // A verb last closes a subordinate clause opened before it ("weet je hoe laat het is", "als
  // je wilt"); a first word that opens a main clause (a question word, "dat is …") opens none.
  const opensMain = (x: string) => t.questionStarts.has(x) || x === clauseWord;
  const closesClause =
    role === VERB_ROLE &&
    w.slice(0, -1).some((x, i) => t.verbLastAfter.has(x) && (i > 0 || !opensMain(x)));
  if (role && !closesClause) return { kind: 'incomplete', reason: `trailing ${role} '${last}'` };
  if (t.numberContinues.has(last) || t.numberEndings.some((e) => last.endsWith(e)))
    return { kind: 'incomplete', reason: `number '${last}' goes on` };
  const owedNumber = owedByNumber(w, table.endOfTurn, t.continues);
  if (owedNumber !== null) return { kind: 'incomplete', reason: owedNumber.owes, rule: 'number' };
  if (w.length === 1)
    return t.wholeWords.has(last)
      ? { kind: 'complete', reason: `one-word answer '${last}'` }
      : { kind: 'unknown', reason: `one word '${last}'` };
  return complete;
}

/**
 * Whether the closed reading of a pause hears out the last word its running hypothesis had
 * not: the same words, but the hypothesis ends on 'a' where the closed reading has a subject
 * pronoun after a form of 'be', closing a question about something named ("what time is a" →
 * "what time is it", "how old is a" → "how old is she"). The running search takes a short last
 * word for 'a' until ~200 ms of silence have followed it, but the relay closes the words ~100 ms
 * in; the closed reading, scored whole, hears it at once. Then the question owes nothing: its
 * question word stands for what is asked. Anywhere else a closed reading that completes what the
 * hypothesis leaves open may be the final pass leaning to a sentence's end ("opening hours of
 * the" closed as "… of it"), and the hypothesis stands. Not "what is a" (no thing named): a
 * pause there ("what is a … quasar") is a question going on. Only in a language whose table
 * says which short word its recogniser hears (English: the embedded recogniser reads pauses
 * twice); false in any other.
 */
export function closedHearsLastWord(
  hypothesis: string,
  closed: string,
  language?: string,
): boolean {
  const table = turnWordsFor(language)?.endOfTurn;
  const r = table?.closedReading;
  if (!table || !r) return false;
  const h = wordsOf(hypothesis);
  const c = wordsOf(closed);
  if (c.length < 4 || h.length !== c.length || h.at(-1) !== r.shortLastWord) return false;
  if (h.slice(0, -1).some((w, i) => w !== c[i])) return false;
  return (
    r.whWords.includes(c[0] ?? '') &&
    table.copulas.includes(c.at(-2) ?? '') &&
    r.subjectPronouns.includes(c.at(-1) ?? '')
  );
}
