import { tokenizeDutch } from './dutch-arithmetic.ts';
import { readDutchNumber } from './dutch-numbers.ts';

const UNIT_SECONDS: Readonly<Record<string, number>> = {
  seconde: 1,
  seconden: 1,
  sec: 1,
  minuut: 60,
  minuten: 60,
  min: 60,
  kwartier: 900,
  uur: 3_600,
  uren: 3_600,
  dag: 86_400,
  dagen: 86_400,
};
const ONE = new Set(['een', 'één']);
const HALF = new Set(['half', 'halve']);

/**
 * A spoken Dutch duration in seconds: "tien minuten", "een kwartier", "drie kwartier", "een
 * half uur", "anderhalf uur", "een uur en een kwartier", "twee uur en dertig minuten", "een uur
 * en een half", "90 seconden"; null unless the words are a duration and only that. Pure.
 */
export function dutchDuration(text: string): number | null {
  const tokens = tokenizeDutch(text);
  let total = 0;
  let lastUnit = 0;
  let i = 0;
  while (i < tokens.length) {
    const t = tokens[i] ?? '';
    const next = tokens[i + 1] ?? '';
    if (t === 'en' && total > 0) {
      i += 1;
      continue;
    }
    if (ONE.has(t) && HALF.has(next) && lastUnit > 0 && i + 2 === tokens.length) {
      // "een uur en een half": half of the unit before.
      total += lastUnit / 2;
      i += 2;
      continue;
    }
    let count: number;
    if (t === 'anderhalf' || t === 'anderhalve') {
      count = 1.5;
      i += 1;
    } else if (ONE.has(t) && HALF.has(next)) {
      count = 0.5;
      i += 2;
    } else if (HALF.has(t)) {
      count = 0.5;
      i += 1;
    } else {
      const n = readDutchNumber(tokens, i);
      if (!n) return null;
      count = n.value;
      i = n.next;
    }
    const unit = UNIT_SECONDS[tokens[i] ?? ''];
    if (unit === undefined) return null;
    total += count * unit;
    lastUnit = unit;
    i += 1;
  }
  return total > 0 ? Math.round(total) : null;
}
