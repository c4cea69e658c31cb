/**
 * Where a reply's first clause may be cut off to be said on its own, before its sentence is
 * finished (issue 50): its audio then starts a sentence's writing earlier. Pure.
 *
 * A clause ends at `,` `;` `:` or a dash (`—` `–`, or ` - ` between spaces), closing quotes or
 * brackets after it allowed, followed by whitespace — so "1,234", "10:30" and "well-known" never
 * end one, and the decision waits for the character after the mark. It is speakable when it has
 * at least `minWords` words: a word or two ("Yes,", "Well, so") is over before the next part's
 * audio could follow it, and its voice would say it as a sentence on its own. A comma after an
 * abbreviation ("e.g.,", "i.e.,") does not end a clause.
 */
export interface FirstClauseRule {
  /** Fewest words a clause said on its own has (4: about a second of speech). */
  minWords: number;
}

/** Abbreviations that a comma follows without ending a clause. */
const LEADS_ON = new Set(['e.g.', 'i.e.', 'eg.', 'ie.', 'cf.', 'viz.', 'vs.']);
const CLOSERS = new Set(['"', "'", ')', ']', '”', '’', '»']);
const MARKS = new Set([',', ';', ':', '—', '–']);

/**
 * Index just past the first speakable clause of `text` whose following whitespace has
 * arrived, or -1 (none yet: wait for more text, or for the sentence's end). With `from`, only a
 * clause ending there or later (the words before it were given out as the clause's own).
 */
export function firstClauseEnd(text: string, rule: FirstClauseRule, from = 0): number {
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] ?? '';
    const spacedHyphen = ch === '-' && /\s/.test(text[i - 1] ?? '');
    if (!MARKS.has(ch) && !spacedHyphen) continue;
    let j = i + 1;
    while (j < text.length && CLOSERS.has(text[j] ?? '')) j++;
    if (j >= text.length) return -1; // the next character decides
    if (!/\s/.test(text[j] ?? '') || j < from) continue;
    const clause = text.slice(0, i);
    if (ch === ',' && LEADS_ON.has(lastWord(clause).toLowerCase())) continue;
    if (wordCount(clause) >= rule.minWords) return j;
  }
  return -1;
}

function lastWord(text: string): string {
  return /(\S+)$/.exec(text.trimEnd())?.[1] ?? '';
}

/** Words with a letter or digit in them (a dash or a quote alone is not one). */
function wordCount(text: string): number {
  return text.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
}
