/** Words of a transcript as they are compared: lower case, punctuation gone. */
export function words(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9' ]+/g, ' ')
    .split(/\s+/)
    .filter((w) => w.length > 0);
}

/**
 * Word errors of `heard` against `said`: the fewest substitutions, deletions and insertions
 * that turn one into the other (Levenshtein distance over words). The word error rate of a set
 * is the sum of its errors over the sum of its reference words.
 */
export function wordErrors(said: string, heard: string): { errors: number; words: number } {
  const ref = words(said);
  const hyp = words(heard);
  let prev = Array.from({ length: hyp.length + 1 }, (_, j) => j);
  for (let i = 1; i <= ref.length; i++) {
    const row = [i];
    for (let j = 1; j <= hyp.length; j++) {
      const same = ref[i - 1] === hyp[j - 1] ? 0 : 1;
      row[j] = Math.min((prev[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + same);
    }
    prev = row;
  }
  return { errors: prev[hyp.length] ?? 0, words: ref.length };
}

/** Word error rate (0–1) of pairs of what was said and what was heard. */
export function wordErrorRate(pairs: readonly { said: string; heard: string }[]): number {
  let errors = 0;
  let total = 0;
  for (const p of pairs) {
    const e = wordErrors(p.said, p.heard);
    errors += e.errors;
    total += e.words;
  }
  return total === 0 ? 0 : errors / total;
}
