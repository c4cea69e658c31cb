import jsep, { type Expression } from 'jsep';
import type { Tool } from '../tool.ts';

/** Longest expression taken (characters): a sum someone says, not a program. */
export const MAX_EXPRESSION_CHARS = 200;

// jsep parses; this file evaluates the tree itself, node type by node type, so nothing but the
// operators and functions below can run (no eval, no names, no member access, no assignment).
// jsep reads `^` as XOR unless told: here it is the power, right-associative, above * / %.
jsep.addBinaryOp('^', 11, true);

const FUNCTIONS: Readonly<Record<string, (...args: number[]) => number>> = {
  sqrt: Math.sqrt,
  cbrt: Math.cbrt,
  abs: Math.abs,
  round: (x, digits = 0) => Math.round(x * 10 ** digits) / 10 ** digits,
  floor: Math.floor,
  ceil: Math.ceil,
  exp: Math.exp,
  log: Math.log,
  log10: Math.log10,
  log2: Math.log2,
  sin: Math.sin,
  cos: Math.cos,
  tan: Math.tan,
  min: Math.min,
  max: Math.max,
  pow: Math.pow,
};
const CONSTANTS: Readonly<Record<string, number>> = { pi: Math.PI, e: Math.E };
const BINARY: Readonly<Record<string, (a: number, b: number) => number>> = {
  '+': (a, b) => a + b,
  '-': (a, b) => a - b,
  '*': (a, b) => a * b,
  '/': (a, b) => a / b,
  '%': (a, b) => a % b,
  '^': (a, b) => a ** b,
};

/** Why an expression has no value. */
export type ArithmeticFailure = 'not-arithmetic' | 'division-by-zero' | 'not-finite';

/** An evaluated expression: its value, or why it has none. */
export type Evaluation =
  | { ok: true; expression: string; value: number }
  | { ok: false; expression: string; failure: ArithmeticFailure; message: string };

/**
 * Writes numbers and signs as a person does into what the parser reads: "1,234" (thousands
 * separators), "×", "÷", "−".
 */
export function normaliseExpression(text: string): string {
  return text
    .trim()
    .replace(/(\d),(?=\d{3}(\D|$))/g, '$1')
    .replace(/[×✕]/g, '*')
    .replace(/÷/g, '/')
    .replace(/[−–]/g, '-');
}

/** Evaluates an arithmetic expression safely (see the allow-lists above). Pure. */
export function evaluateExpression(text: string): Evaluation {
  const expression = normaliseExpression(text);
  const fail = (failure: ArithmeticFailure, message: string): Evaluation => ({
    ok: false,
    expression,
    failure,
    message,
  });
  if (expression === '' || expression.length > MAX_EXPRESSION_CHARS)
    return fail('not-arithmetic', `Give an expression of 1 to ${MAX_EXPRESSION_CHARS} characters.`);
  let tree: Expression;
  try {
    tree = jsep(expression);
  } catch (err) {
    return fail('not-arithmetic', `Not an expression: ${(err as Error).message}`);
  }
  let value: number;
  try {
    value = evaluate(tree);
  } catch (err) {
    if (err instanceof DivisionByZero)
      return fail('division-by-zero', 'Division by zero: the result is undefined.');
    if (err instanceof NotArithmetic) return fail('not-arithmetic', err.message);
    throw err;
  }
  if (!Number.isFinite(value)) return fail('not-finite', 'The result is too large or undefined.');
  return { ok: true, expression, value };
}

/** A node's field that jsep types loosely, as text (empty when it is not a string). */
const text = (v: unknown): string => (typeof v === 'string' ? v : '');

class NotArithmetic extends Error {}
class DivisionByZero extends Error {}

/** The value of a parsed tree; throws {@link NotArithmetic} at a node that is not arithmetic. */
function evaluate(node: Expression): number {
  switch (node.type) {
    case 'Literal':
      if (typeof node.value !== 'number') throw new NotArithmetic('Only numbers are allowed.');
      return node.value;
    case 'Identifier': {
      const name = text(node.name);
      const constant = Object.hasOwn(CONSTANTS, name) ? CONSTANTS[name] : undefined;
      if (constant === undefined)
        throw new NotArithmetic(
          `Unknown name "${name}": only numbers, operators, pi, e and ${Object.keys(FUNCTIONS).join(', ')}.`,
        );
      return constant;
    }
    case 'UnaryExpression': {
      const x = evaluate(node.argument as Expression);
      if (node.operator === '-') return -x;
      if (node.operator === '+') return x;
      throw new NotArithmetic(`The operator ${text(node.operator)} is not allowed.`);
    }
    case 'BinaryExpression': {
      const op = text(node.operator);
      const apply = Object.hasOwn(BINARY, op) ? BINARY[op] : undefined;
      if (!apply) throw new NotArithmetic(`The operator ${op} is not allowed.`);
      const a = evaluate(node.left as Expression);
      const b = evaluate(node.right as Expression);
      if ((op === '/' || op === '%') && b === 0) throw new DivisionByZero();
      return apply(a, b);
    }
    case 'CallExpression': {
      const callee = node.callee as Expression;
      const name = callee.type === 'Identifier' ? text(callee.name) : '';
      const fn = Object.hasOwn(FUNCTIONS, name) ? FUNCTIONS[name] : undefined;
      if (!fn) throw new NotArithmetic(`The function ${name || '(expression)'} is not allowed.`);
      return fn(...(node.arguments as Expression[]).map(evaluate));
    }
    default:
      throw new NotArithmetic(`Only arithmetic is allowed (not ${node.type}).`);
  }
}

/** A value as said back: at most 10 significant digits, no exponent below 1e21. */
export function formatValue(value: number): string {
  const rounded = Number(value.toPrecision(10));
  return Object.is(rounded, -0) ? '0' : String(rounded);
}

/** `calculate`: exact arithmetic, so the model never guesses a product or a sum. */
export const arithmeticTool: Tool = {
  name: 'calculate',
  description:
    'Evaluates an arithmetic expression exactly: + - * / ^ %, parentheses, and sqrt, cbrt, abs, ' +
    'round, floor, ceil, exp, log, log10, log2, sin, cos, tan, min, max, pow, pi, e. ' +
    'Numbers may have thousands separators ("1,234"). Use it for any calculation.',
  inputSchema: {
    type: 'object',
    properties: {
      expression: {
        type: 'string',
        description: 'e.g. "1,234 * 5,678" or "(12.5 + 3) / 4"',
        maxLength: MAX_EXPRESSION_CHARS,
      },
    },
    required: ['expression'],
    additionalProperties: false,
  },
  origin: { kind: 'builtin' },
  readOnly: true,
  run(args) {
    const e = evaluateExpression(typeof args.expression === 'string' ? args.expression : '');
    if (!e.ok)
      return Promise.resolve({
        content: JSON.stringify({ expression: e.expression, error: e.failure, message: e.message }),
        summary: `${e.expression}: ${e.message}`,
        isError: true,
      });
    const result = formatValue(e.value);
    return Promise.resolve({
      content: JSON.stringify({ expression: e.expression, result }),
      summary: `${e.expression} = ${result}`,
    });
  },
};
