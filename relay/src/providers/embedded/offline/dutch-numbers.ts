/**
 * Dutch number words, read: "twaalf", "drieëntwintig", "honderdvijfentwintig", "twaalfhonderd
 * vierendertig", "twee miljoen vijfhonderdduizend", "drie komma vijf". Dutch writes a number
 * below a million as one word, so a number is parsed inside a word, not counted word by word as
 * English is. Pure. (No npm library reads Dutch number words; n2words writes them, and the tests
 * read back what it writes.)
 */

const UNITS: Readonly<Record<string, number>> = {
  een: 1,
  twee: 2,
  drie: 3,
  vier: 4,
  vijf: 5,
  zes: 6,
  zeven: 7,
  acht: 8,
  negen: 9,
};
const BELOW_TWENTY: Readonly<Record<string, number>> = {
  ...UNITS,
  tien: 10,
  elf: 11,
  twaalf: 12,
  dertien: 13,
  veertien: 14,
  vijftien: 15,
  zestien: 16,
  zeventien: 17,
  achttien: 18,
  negentien: 19,
};
const TENS: Readonly<Record<string, number>> = {
  twintig: 20,
  dertig: 30,
  veertig: 40,
  vijftig: 50,
  zestig: 60,
  zeventig: 70,
  tachtig: 80,
  negentig: 90,
};
/** Scales above a thousand, largest first: each multiplies what stands before it. */
const SCALES: readonly (readonly [word: string, value: number])[] = [
  ['miljard', 1_000_000_000],
  ['miljoen', 1_000_000],
  ['duizend', 1_000],
];

/** `word` lower case, without accents ("één" → "een", "drieëntwintig") or hyphens. */
export function plainDutch(word: string): string {
  return word.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '').replace(/-/g, '');
}

/** 1–99: "zeven", "twaalf", "vijfentwintig" (unit, "en", tens). */
function belowHundred(s: string): number | null {
  const simple = BELOW_TWENTY[s] ?? TENS[s];
  if (simple !== undefined) return simple;
  for (const [unit, value] of Object.entries(UNITS)) {
    if (!s.startsWith(`${unit}en`)) continue;
    const tens = TENS[s.slice(unit.length + 2)];
    if (tens !== undefined) return tens + value;
  }
  return null;
}

/** What follows a scale word: nothing, a smaller number, or "en" and one ("honderdeneen"). */
function rest(s: string, read: (s: string) => number | null): number | null {
  if (s === '') return 0;
  return read(s) ?? (s.startsWith('en') ? read(s.slice(2)) : null);
}

/** 1–9999: "honderd", "tweehonderdvijf", "twaalfhonderd", and the tens below. */
function belowThousands(s: string): number | null {
  const at = s.indexOf('honderd');
  if (at < 0) return belowHundred(s);
  const times = at === 0 ? 1 : belowHundred(s.slice(0, at));
  const after = rest(s.slice(at + 'honderd'.length), belowHundred);
  return times === null || after === null ? null : times * 100 + after;
}

function withScales(s: string, level: number): number | null {
  const scale = SCALES[level];
  if (!scale) return belowThousands(s);
  const [word, value] = scale;
  const at = s.indexOf(word);
  if (at < 0) return withScales(s, level + 1);
  const times = at === 0 ? 1 : belowThousands(s.slice(0, at));
  const after = rest(s.slice(at + word.length), (r) => withScales(r, level + 1));
  return times === null || after === null || after >= value ? null : times * value + after;
}

/**
 * The value of Dutch number words written as one ("honderdvijfentwintig" → 125, "nul" → 0,
 * "eenmiljoentweehonderdduizend" → 1,200,000); null when they are no number. Pure.
 */
export function dutchNumberWord(word: string): number | null {
  const s = plainDutch(word);
  if (s === 'nul') return 0;
  if (s === '') return null;
  return withScales(s, 0);
}

/** A number read from words: its value, and the index of the first word after it. */
export interface ReadNumber {
  value: number;
  next: number;
}

/** Words a number may be written over, at most ("twee miljoen driehonderd duizend en vijf"). */
const MAX_WORDS = 8;

/** The whole number that starts at `tokens[i]`, over as many words as still make one. */
function wholeNumber(tokens: readonly string[], i: number): ReadNumber | null {
  const first = tokens[i];
  if (first === undefined) return null;
  if (/^\d+$/.test(first)) return { value: Number(first), next: i + 1 };
  let found: ReadNumber | null = null;
  let joined = '';
  for (let j = i; j < Math.min(tokens.length, i + MAX_WORDS); j++) {
    const word = tokens[j] ?? '';
    if (!/^[\p{L}-]+$/u.test(word)) break;
    joined += word;
    // "nul" stands alone: "nul nul" is two numbers.
    const value = j > i && plainDutch(word) === 'nul' ? null : dutchNumberWord(joined);
    if (value !== null) found = { value, next: j + 1 };
  }
  return found;
}

/**
 * The digits after "komma": one digit word each ("nul vijf" → "05"), or one number
 * ("vijfentwintig" → "25"); null when none follow.
 */
function decimalsAt(tokens: readonly string[], i: number): { digits: string; next: number } | null {
  let digits = '';
  let j = i;
  for (; j < tokens.length; j++) {
    const value = dutchNumberWord(tokens[j] ?? '');
    if (value === null || value > 9) break;
    digits += String(value);
  }
  if (digits.length > 1) return { digits, next: j };
  const n = wholeNumber(tokens, i);
  if (!n) return null;
  return { digits: String(n.value), next: n.next };
}

/**
 * The number said from `tokens[i]` on (lower-case words; digits with a "." for decimals):
 * "12", "twaalf", "honderd vijf", "drie komma vijf", "negatief zes"; null when none starts
 * there. Pure.
 */
export function readDutchNumber(tokens: readonly string[], i: number): ReadNumber | null {
  let sign = 1;
  if (tokens[i] === 'negatief') {
    sign = -1;
    i++;
  }
  const token = tokens[i];
  if (token !== undefined && /^\d+\.\d+$/.test(token))
    return { value: sign * Number(token), next: i + 1 };
  const whole = wholeNumber(tokens, i);
  if (!whole) return null;
  if (tokens[whole.next] === 'komma') {
    const decimals = decimalsAt(tokens, whole.next + 1);
    if (decimals)
      return { value: sign * Number(`${whole.value}.${decimals.digits}`), next: decimals.next };
  }
  return { value: sign * whole.value, next: whole.next };
}
