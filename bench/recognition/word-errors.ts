/**
 * Word error rate, scored as recognisers are usually compared: lower case, punctuation dropped,
 * hyphenated words split, numbers written in figures spelt out ("10" → "ten", "1984" →
 * "nineteen eighty four" is not attempted: figures read as a whole number), so that Moonshine's
 * "Set a timer for 10 minutes." and PocketSphinx's "set a timer for ten minutes" score alike.
 * Pure.
 */

const ONES = [
  'zero',
  'one',
  'two',
  'three',
  'four',
  'five',
  'six',
  'seven',
  'eight',
  'nine',
  'ten',
  'eleven',
  'twelve',
  'thirteen',
  'fourteen',
  'fifteen',
  'sixteen',
  'seventeen',
  'eighteen',
  'nineteen',
];
const TENS = ['', '', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];

/** `n` (0–999,999) in words; larger ones as they are. */
export function spelt(n: number): string[] {
  if (!Number.isInteger(n) || n < 0 || n >= 1_000_000) return [String(n)];
  if (n < 20) return [ONES[n] ?? String(n)];
  if (n < 100) {
    const rest = n % 10;
    return [TENS[Math.floor(n / 10)] ?? '', ...(rest ? spelt(rest) : [])];
  }
  if (n < 1000) {
    const rest = n % 100;
    return [...spelt(Math.floor(n / 100)), 'hundred', ...(rest ? spelt(rest) : [])];
  }
  const rest = n % 1000;
  return [...spelt(Math.floor(n / 1000)), 'thousand', ...(rest ? spelt(rest) : [])];
}

/** The words of `text` as scored. */
export function scoredWords(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/(\d),(\d)/g, '$1$2')
    .replace(/[^a-z0-9' ]+/g, ' ')
    .split(/\s+/)
    .filter((w) => w !== '' && w !== "'")
    .flatMap((w) => (/^\d+$/.test(w) ? spelt(Number(w)) : [w]));
}

/** Substitutions, deletions and insertions turning `reference` into `hypothesis` (words). */
export function wordErrors(reference: readonly string[], hypothesis: readonly string[]): number {
  let previous = Array.from({ length: hypothesis.length + 1 }, (_, j) => j);
  for (let i = 1; i <= reference.length; i++) {
    const row = [i];
    for (let j = 1; j <= hypothesis.length; j++) {
      const same = reference[i - 1] === hypothesis[j - 1];
      row.push(
        Math.min(
          (previous[j] ?? 0) + 1,
          (row[j - 1] ?? 0) + 1,
          (previous[j - 1] ?? 0) + (same ? 0 : 1),
        ),
      );
    }
    previous = row;
  }
  return previous[hypothesis.length] ?? 0;
}
