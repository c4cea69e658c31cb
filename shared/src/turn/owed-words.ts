/**
 * Rules on the last words that say what a sentence still owes beyond a word list's role
 * (turn-words.ts reads them): a particle that is a preposition unless a verb before it takes it,
 * a determiner after a preposition, a clause opened after a noun or a subordinating word, a
 * number that owes its unit. Each reads an optional part of a language's table
 * (turn-words-shape.ts); a table without it skips the rule.
 */
import type { EndOfTurnWords } from './turn-words-shape.ts';

/** What the last words owe (`owes`: the reason), or that a particle closes the sentence. */
export type Owed = { owes: string } | 'closes' | null;

interface OwedSets {
  particleTakers: ReadonlyMap<string, ReadonlySet<string>>;
  determiners: ReadonlySet<string>;
  relative: ReadonlySet<string>;
  pronouns: ReadonlySet<string>;
  subordinators: ReadonlySet<string>;
  number: RegExp | null;
  wholeAfter: ReadonlySet<string>;
  numberContinues: ReadonlySet<string>;
}

const SETS = new WeakMap<EndOfTurnWords, OwedSets>();

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function setsOf(t: EndOfTurnWords): OwedSets {
  const known = SETS.get(t);
  if (known) return known;
  const parts = [...(t.numbers?.parts ?? [])].sort((a, b) => b.length - a.length);
  const sets: OwedSets = {
    particleTakers: new Map(
      Object.entries(t.particleVerbs ?? {}).map(([p, verbs]) => [p, new Set(verbs)] as const),
    ),
    determiners: new Set(t.determinersAfterPreposition ?? []),
    relative: new Set(t.relativeWords ?? []),
    pronouns: new Set(t.clauseSubjects?.pronouns ?? []),
    subordinators: new Set(t.clauseSubjects?.after ?? []),
    number: parts.length === 0 ? null : new RegExp(`^(?:${parts.map(escape).join('|')})+$`, 'u'),
    wholeAfter: new Set(t.numbers?.wholeAfter ?? []),
    numberContinues: new Set(t.numberContinues),
  };
  SETS.set(t, sets);
  return sets;
}

/** A form of a verb given by its stem: the stem, or the stem and 't' ("doe", "doet"). */
const formOf = (word: string, stems: ReadonlySet<string>) =>
  stems.has(word) || (word.endsWith('t') && stems.has(word.slice(0, -1)));

/**
 * What the words `w` (as wordsOf writes them, at least one) owe by the particle, determiner and
 * clause rules; `roles` maps the table's `continues` words to their role; `question`: the first
 * word opens a question.
 */
export function owedByClause(
  w: readonly string[],
  t: EndOfTurnWords,
  roles: ReadonlyMap<string, string>,
  question: boolean,
): Owed {
  const s = setsOf(t);
  const last = w.at(-1) ?? '';
  const before = w.at(-2);
  const takers = s.particleTakers.get(last);
  // A particle alone is an answer ("aan of uit?" "uit"): judged as any one word.
  if (takers && w.length > 1)
    return w.slice(0, -1).some((x) => formOf(x, takers))
      ? 'closes'
      : { owes: `trailing preposition '${last}'` };
  if (before === undefined) return null;
  const afterPreposition = roles.get(before) === 'preposition' || s.particleTakers.has(before);
  if (s.determiners.has(last) && afterPreposition) return { owes: `trailing article '${last}'` };
  // "een berichtje dat …": a noun (no word of the table's) after a determiner or a preposition.
  const third = w.at(-3);
  if (
    s.relative.has(last) &&
    third !== undefined &&
    !roles.has(before) &&
    !s.determiners.has(before) &&
    (roles.get(third) === 'article' ||
      roles.get(third) === 'preposition' ||
      s.determiners.has(third))
  )
    return { owes: `'${last}' after a noun opens a clause` };
  // "is dat het", "is that it": a short question asks about the thing, opens no clause.
  const shortQuestion = question && w.length <= 3 && before === t.clauseWord;
  if (s.pronouns.has(last) && s.subordinators.has(before) && !shortQuestion)
    return { owes: `'${before} ${last}' owes its verb` };
  return null;
}

/** Whether `word` is a number (digits, or written of the table's number words). */
function isNumber(word: string, s: OwedSets): boolean {
  if (/^\d+([.,]\d+)?$/.test(word)) return true;
  return /[\p{L}]/u.test(word) && (s.number?.test(word) ?? false);
}

/**
 * What a number last owes: its unit or its next digits, unless it follows a word after which it
 * is a whole value ("vijf keer zes", "a table for two"; see `EndOfTurnWords.numbers`). A
 * compound said apart ("twenty five") is read as one number.
 */
export function owedByNumber(
  w: readonly string[],
  t: EndOfTurnWords,
  roles: ReadonlyMap<string, string>,
): { owes: string } | null {
  const s = setsOf(t);
  const last = w.at(-1) ?? '';
  if (s.number === null || roles.has(last) || !isNumber(last, s)) return null;
  let i = w.length - 1;
  // "twenty five", "honderd vijf": one number (but "half drie" is a time after "half").
  while (i > 0 && s.numberContinues.has(w[i - 1] ?? '') && !s.wholeAfter.has(w[i - 1] ?? '')) i--;
  const before = w[i - 1];
  if (before === undefined) return null;
  const closes =
    s.wholeAfter.has(before) || roles.get(before) === 'preposition' || s.particleTakers.has(before);
  return closes ? null : { owes: `number '${last}' owes more` };
}
