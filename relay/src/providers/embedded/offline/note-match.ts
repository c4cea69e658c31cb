import type { RecallWords } from './recall-words.ts';

/** The content of a text as stems: those that tell facts apart, and the common ones. */
export interface Terms {
  strong: ReadonlySet<string>;
  weak: ReadonlySet<string>;
}

/** A note as the matcher reads it. */
export interface NoteText {
  text: string;
}

/** The lower-case words of `text`, a possessive's "'s" taken off ("sister's" → "sister"). */
export function wordsOf(text: string): string[] {
  const tokens =
    text
      .toLowerCase()
      .replace(/[’‘]/g, "'")
      .match(/[\p{L}\p{N}']+/gu) ?? [];
  return tokens.map((t) => t.replace(/^'+|'+$/g, '')).filter((t) => t !== '');
}

/** The content stems of `text` (stop words out; `skip`: more words to leave out). Pure. */
export function termsOf(
  text: string,
  w: RecallWords,
  skip: ReadonlySet<string> = new Set(),
): Terms {
  const weakStems = new Set([...w.weakWords].map((word) => w.stem(word)));
  const strong = new Set<string>();
  const weak = new Set<string>();
  for (const word of wordsOf(text)) {
    if (w.stopWords.has(word) || skip.has(word)) continue;
    const bare = word.replace(/'s$/, '');
    if (w.stopWords.has(bare) || skip.has(bare)) continue;
    const stem = w.stem(bare);
    (weakStems.has(stem) ? weak : strong).add(stem);
  }
  return { strong, weak };
}

/** Whether `said` is put as a question ("what is…", "tell me…", or a question mark). Pure. */
export function isQuestion(said: string, w: RecallWords): boolean {
  const first = wordsOf(said)[0];
  return /\?\s*$/.test(said) || (first !== undefined && w.questionStarts.has(first));
}

/** Whether `said` is about the user ("my sister", "where did I park"). Pure. */
export function isAboutUser(said: string, w: RecallWords): boolean {
  return wordsOf(said).some((word) => w.ownWords.has(word));
}

const overlap = (a: ReadonlySet<string>, b: ReadonlySet<string>) =>
  [...a].filter((x) => b.has(x)).length;

/**
 * How well `note` answers a question whose terms are `asked`: 0 when it does not. A word that
 * tells facts apart ("sister") must be shared when the question has one; common words
 * ("called") only add to it — "what is my wife called" is not answered by "my sister is called
 * Anna". Pure.
 */
export function score(asked: Terms, note: Terms): number {
  const all = new Set([...note.strong, ...note.weak]);
  const strong = overlap(asked.strong, all);
  const weak = overlap(asked.weak, all);
  if (asked.strong.size > 0) return strong === 0 ? 0 : strong * 2 + weak;
  return weak;
}

/**
 * The notes that answer `question` (newest first, as `notes` are given), ranked: `best` only
 * the best-scored ones (a question), else every note that matches at all ("what do you know
 * about my sister"). `subject` is false when the question names nothing to look for (its words
 * are all stop words or the responder's own intents: "what time is it"). Pure.
 */
export function notesAnswering<N extends NoteText>(
  question: string,
  notes: readonly N[],
  w: RecallWords,
  which: 'best' | 'all',
): { subject: boolean; notes: N[] } {
  const asked = termsOf(question, w, w.intentWords);
  if (asked.strong.size === 0 && asked.weak.size === 0) return { subject: false, notes: [] };
  const scored = notes
    .map((note, i) => ({ note, i, score: score(asked, termsOf(note.text, w)) }))
    .filter((s) => s.score > 0);
  const top = Math.max(0, ...scored.map((s) => s.score));
  const kept = which === 'best' ? scored.filter((s) => s.score === top) : scored;
  kept.sort((a, b) => b.score - a.score || a.i - b.i);
  return { subject: true, notes: kept.map((s) => s.note) };
}

/**
 * The note of `notes` that says what `text` says, or null: the same content words whatever their
 * order, form or the words around them ("My sister's name is Anna" and "my sister is named
 * Anna"); the common words count only when neither has another. Pure.
 */
export function sameAs<N extends NoteText>(
  text: string,
  notes: readonly N[],
  w: RecallWords,
): N | null {
  const a = termsOf(text, w);
  const equal = (x: ReadonlySet<string>, y: ReadonlySet<string>) =>
    x.size === y.size && overlap(x, y) === x.size;
  return (
    notes.find((note) => {
      const b = termsOf(note.text, w);
      if (a.strong.size > 0 || b.strong.size > 0) return equal(a.strong, b.strong);
      return a.weak.size > 0 && equal(a.weak, b.weak);
    }) ?? null
  );
}

/** What "forget…" asks to forget: the newest note, or the one about some words. */
export type ForgetRequest = { kind: 'last' } | { kind: 'about'; words: string };

/**
 * "forget that", "forget the last note", "delete the last note": the newest; "forget that my
 * sister is called Anna", "forget about my sister", "forget my sister's name": the note about
 * those words; null for anything else. Pure.
 */
export function forgetRequest(said: string): ForgetRequest | null {
  const text = said
    .trim()
    .replace(/[\s.!?]+$/, '')
    .toLowerCase();
  const lead = String.raw`^(?:please |ok(?:ay)? |can you |could you )*`;
  if (
    new RegExp(
      `${lead}(?:forget (?:that|this|the last (?:note|one|thing)|what i (?:just )?(?:said|told you))|(?:delete|remove) (?:that|the last) note)$`,
    ).test(text)
  )
    return { kind: 'last' };
  const about = new RegExp(
    `${lead}(?:forget|delete the note|remove the note)(?: that| about| the note about)? (.+)$`,
  ).exec(text)?.[1];
  return about ? { kind: 'about', words: about } : null;
}
