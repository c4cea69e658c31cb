/**
 * Spoken arithmetic: "what is two plus two", "12 times 7", "one hundred and five divided by
 * five". Pure; understands number words up to the millions and digits.
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

type Op = '+' | '-' | '*' | '/';
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

export interface Calculation {
  /** The expression as it will be read back, e.g. "2 plus 2". */
  spoken: string;
  /** Null when the result is undefined (division by zero). */
  result: number | null;
}

function tokenize(text: string): string[] {
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
function readNumber(tokens: string[], i: number): { value: number; next: number } | null {
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

function readOp(tokens: string[], i: number): { op: Op; next: number } | null {
  for (const [words, op] of OPS) {
    if (words.every((w, k) => tokens[i + k] === w)) return { op, next: i + words.length };
  }
  return null;
}

function format(n: number): string {
  const rounded = Math.round(n * 10_000) / 10_000;
  return Object.is(rounded, -0) ? '0' : String(rounded);
}

/**
 * Finds the first arithmetic expression in `text` and evaluates it with the usual precedence.
 * Returns null when the text holds no expression.
 */
export function calculate(text: string): Calculation | null {
  const tokens = tokenize(text);
  for (let start = 0; start < tokens.length; start++) {
    const first = readNumber(tokens, start);
    if (!first) continue;
    const values = [first.value];
    const ops: Op[] = [];
    let i = first.next;
    for (;;) {
      const op = readOp(tokens, i);
      if (!op) break;
      const num = readNumber(tokens, op.next);
      if (!num) break;
      ops.push(op.op);
      values.push(num.value);
      i = num.next;
    }
    if (ops.length === 0) continue;
    const spoken = values
      .map((v, k) => (k === 0 ? format(v) : `${OP_WORD[ops[k - 1] ?? '+']} ${format(v)}`))
      .join(' ');
    return { spoken, result: evaluate(values, ops) };
  }
  return null;
}

function evaluate(values: number[], ops: Op[]): number | null {
  // First * and /, then + and -.
  const terms = [values[0] ?? 0];
  const addOps: Op[] = [];
  for (let k = 0; k < ops.length; k++) {
    const op = ops[k] ?? '+';
    const v = values[k + 1] ?? 0;
    if (op === '*' || op === '/') {
      const last = terms.pop() ?? 0;
      if (op === '/' && v === 0) return null;
      terms.push(op === '*' ? last * v : last / v);
    } else {
      terms.push(v);
      addOps.push(op);
    }
  }
  let acc = terms[0] ?? 0;
  for (let k = 0; k < addOps.length; k++)
    acc = addOps[k] === '+' ? acc + (terms[k + 1] ?? 0) : acc - (terms[k + 1] ?? 0);
  return acc;
}

/** Formats a calculation as a spoken answer. */
export function answerFor(calc: Calculation): string {
  if (calc.result === null) return `${calc.spoken} is undefined, because you can't divide by zero.`;
  const sentence = `${calc.spoken} is ${format(calc.result)}.`;
  return sentence.charAt(0).toUpperCase() + sentence.slice(1);
}
