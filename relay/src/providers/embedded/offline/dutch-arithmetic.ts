import { format, type NumberWords, type Op } from './arithmetic.ts';
import { readDutchNumber } from './dutch-numbers.ts';

/**
 * The words of a Dutch sum, lower case: "1.234" is a thousand and more, "3,5" three and a half
 * (kept as "3.5"), operators apart ("12x7" → "12 x 7"); accents kept (said back as heard).
 */
export function tokenizeDutch(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/(\d)\.(?=\d{3}\b)/g, '$1')
    .replace(/(\d),(?=\d)/g, '$1.')
    .replace(/([+*/×])/g, ' $1 ')
    .replace(/(\d)\s*([-x])\s*(?=\d)/g, '$1 $2 ')
    .replace(/\.(?!\d)/g, ' ')
    .replace(/[^\p{L}\p{N}.+\-*/× ]/gu, ' ')
    .split(/\s+/)
    .filter((t) => t.length > 0);
}

const OPS: readonly (readonly [readonly string[], Op])[] = [
  [['plus'], '+'],
  [['+'], '+'],
  [['min'], '-'],
  [['minus'], '-'],
  [['-'], '-'],
  [['keer'], '*'],
  [['maal'], '*'],
  [['x'], '*'],
  [['×'], '*'],
  [['*'], '*'],
  [['vermenigvuldigd', 'met'], '*'],
  [['gedeeld', 'door'], '/'],
  [['delen', 'door'], '/'],
  [['/'], '/'],
];

/** A number as a Dutch reader writes it: a decimal comma, no grouping ("2,5", "7006652"). */
export function formatDutch(n: number): string {
  return format(n).replace('.', ',');
}

/**
 * Dutch: operands said back as the user said them ("wat is twaalf keer zeven": "twaalf keer
 * zeven"), digits in Dutch notation; the result in digits.
 */
export const DUTCH_NUMBERS: NumberWords = {
  tokenize: tokenizeDutch,
  readNumber: readDutchNumber,
  ops: OPS,
  opWord: { '+': 'plus', '-': 'min', '*': 'keer', '/': 'gedeeld door' },
  operand: (words, value) =>
    words.every((w) => /^[\d.]+$/.test(w)) ? formatDutch(value) : words.join(' '),
  format: formatDutch,
};
