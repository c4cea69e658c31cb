/**
 * Spoken arithmetic: "what is two plus two", "12 times 7", "one hundred and five divided by
 * five", read into an expression the built-in `calculate` tool evaluates. Pure; understands
 * number words up to the millions and digits.
 */

const SMALL: Record<string, number> = {
  zero: 0,
  oh: 0,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
  twenty: 20,
  thirty: 30,
  forty: 40,
  fifty: 50,
  sixty: 60,
  seventy: 70,
  eighty: 80,
  ninety: 90,
};
const SCALES: Record<string, number> = { hundred: 100, thousand: 1_000, million: 1_000_000 };

/** An arithmetic operator, as the `calculate` tool reads it. */
export type Op = '+' | '-' | '*' | '/';
const OPS: [string[], Op][] = [
  [['plus'], '+'],
  [['+'], '+'],
  [['add'], '+'],
  [['minus'], '-'],
  [['-'], '-'],
  [['take', 'away'], '-'],
  [['times'], '*'],
  [['multiplied', 'by'], '*'],
  [['x'], '*'],
  [['*'], '*'],
  [['divided', 'by'], '/'],
  [['over'], '/'],
  [['/'], '/'],
];
const OP_WORD: Record<Op, string> = { '+': 'plus', '-': 'minus', '*': 'times', '/': 'divided by' };

/** A sum heard in words. */
export interface Calculation {
  /** The expression as it will be read back, e.g. "2 plus 2". */
  spoken: string;
  /** The same for the `calculate` tool, e.g. "2 + 2". */
  expression: string;
}

/** The number words and operators of one language, and how a sum is said back in it. */
export interface NumberWords {
  /** The words of `text`, lower case, as `readNumber` and `ops` read them. */
  tokenize(text: string): string[];
  /** One number starting at `tokens[i]`, and the index after it; or null. */
  readNumber(tokens: readonly string[], i: number): { value: number; next: number } | null;
  /** Operators: their words (as tokens) and what they are. */
  ops: readonly (readonly [readonly string[], Op])[];
  /** An operator as said back. */
  opWord: Readonly<Record<Op, string>>;
  /** An operand as said back, from its words as heard and its value. */
  operand(words: readonly string[], value: number): string;
  /** A result as said back. */
  format(n: number): string;
}

/** Words of `text`, lower case, numbers' thousands separators dropped, "and" left out. */
export function tokenize(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/(\d),(\d)/g, '$1$2')
    .replace(/([+*/])/g, ' $1 ')
    .replace(/(\d)\s*-\s*(\d)/g, '$1 - $2')
    .replace(/[^a-z0-9.+\-*/ ]/g, ' ')
    .split(/\s+/)
    .filter((t) => t.length > 0 && t !== 'and');
}

/** Reads one number starting at `i`; returns it and the index after it, or null. */
export function readNumber(
  tokens: readonly string[],
  i: number,
): { value: number; next: number } | null {
  let sign = 1;
  if (tokens[i] === 'negative') {
    sign = -1;
    i++;
  }
  const tok = tokens[i];
  if (tok !== undefined && /^\d+(\.\d+)?$/.test(tok))
    return { value: sign * Number(tok), next: i + 1 };
  let total = 0;
  let current = 0;
  let any = false;
  while (i < tokens.length) {
    const t = tokens[i] ?? '';
    if (t in SMALL) {
      current += SMALL[t] ?? 0;
    } else if (t in SCALES) {
      const scale = SCALES[t] ?? 1;
      if (scale === 100) current = (current || 1) * 100;
      else {
        total += (current || 1) * scale;
        current = 0;
      }
    } else if (t === 'point' && any) {
      let decimals = '';
      while (
        tokens[i + 1] !== undefined &&
        (tokens[i + 1] ?? '') in SMALL &&
        (SMALL[tokens[i + 1] ?? ''] ?? 10) < 10
      ) {
        decimals += String(SMALL[tokens[i + 1] ?? '']);
        i++;
      }
      if (!decimals) break;
      return { value: sign * Number(`${total + current}.${decimals}`), next: i + 1 };
    } else break;
    any = true;
    i++;
  }
  return any ? { value: sign * (total + current), next: i } : null;
}

function readOp(
  tokens: readonly string[],
  i: number,
  ops: NumberWords['ops'],
): { op: Op; next: number } | null {
  for (const [words, op] of ops) {
    if (words.every((w, k) => tokens[i + k] === w)) return { op, next: i + words.length };
  }
  return null;
}

/** A number as said back: at most 4 decimals. */
export function format(n: number): string {
  const rounded = Math.round(n * 10_000) / 10_000;
  return Object.is(rounded, -0) ? '0' : String(rounded);
}

/** English: operands said back as digits ("what is two plus two": "2 plus 2"). */
export const ENGLISH_NUMBERS: NumberWords = {
  tokenize,
  readNumber,
  ops: OPS,
  opWord: OP_WORD,
  operand: (_words, value) => format(value),
  format,
};

const SYMBOL: Readonly<Record<Op, string>> = { '+': '+', '-': '-', '*': '*', '/': '/' };

/**
 * Finds the first arithmetic expression in `text` (in the words of `numbers`' language), to be
 * evaluated with the usual precedence. Returns null when the text holds no expression.
 */
export function calculate(
  text: string,
  numbers: NumberWords = ENGLISH_NUMBERS,
): Calculation | null {
  const tokens = numbers.tokenize(text);
  for (let start = 0; start < tokens.length; start++) {
    const first = numbers.readNumber(tokens, start);
    if (!first) continue;
    const read = [{ ...first, at: start }];
    const ops: Op[] = [];
    let i = first.next;
    for (;;) {
      const op = readOp(tokens, i, numbers.ops);
      if (!op) break;
      const num = numbers.readNumber(tokens, op.next);
      if (!num) break;
      ops.push(op.op);
      read.push({ ...num, at: op.next });
      i = num.next;
    }
    if (ops.length === 0) continue;
    const said = (word: Readonly<Record<Op, string>>, operand: (k: number) => string) =>
      read
        .map((_, k) => (k === 0 ? operand(k) : `${word[ops[k - 1] ?? '+']} ${operand(k)}`))
        .join(' ');
    const heard = (k: number) => {
      const r = read[k];
      return r ? numbers.operand(tokens.slice(r.at, r.next), r.value) : '';
    };
    return {
      spoken: said(numbers.opWord, heard),
      expression: said(SYMBOL, (k) => format(read[k]?.value ?? 0)),
    };
  }
  return null;
}
