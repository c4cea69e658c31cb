import { describe, expect, it } from 'vitest';
import { arithmeticTool, evaluateExpression, formatValue } from './arithmetic.ts';

const context = {
  userId: 'u',
  sessionId: 's',
  signal: new AbortController().signal,
  now: () => 0,
};

const value = (text: string) => {
  const e = evaluateExpression(text);
  return e.ok ? e.value : e.failure;
};

describe('arithmetic', () => {
  it.each([
    ['1,234 * 5,678', 7_006_652],
    ['2 + 3 * 4', 14],
    ['(2 + 3) * 4', 20],
    ['2 ^ 10', 1024],
    ['sqrt(16) + abs(-3)', 7],
    ['10 % 3', 1],
    ['7 × 6 ÷ 3 − 1', 13],
    ['1,000,000 / 4', 250_000],
    ['round(pi * 100) / 100', 3.14],
    ['max(1, 234)', 234],
  ])('%s = %s', (expression, expected) => {
    expect(value(expression)).toBe(expected);
  });

  it('says why an expression has no value', () => {
    expect(value('10 / 0')).toBe('division-by-zero');
    expect(value('5 % (2 - 2)')).toBe('division-by-zero');
    expect(value('10 ^ 1000')).toBe('not-finite');
    expect(value('')).toBe('not-arithmetic');
    expect(value('2 +')).toBe('not-arithmetic');
    expect(value('1'.repeat(201))).toBe('not-arithmetic');
  });

  it('runs nothing but arithmetic: no names, assignments, definitions or imports', () => {
    for (const attack of [
      'x = 5',
      'f(x) = x',
      'import({}, {})',
      'createUnit("foo")',
      'evaluate("1+1")',
      'sqrt(import)',
      '[1, 2]',
      '{a: 1}',
      'sqrt.name',
      '5 cm',
      '"text"',
      '1 ? 2 : 3',
      '1:3',
      '1 == 1',
      'constructor',
      'sqrt.constructor("return process")()',
      'this',
      '2 << 1',
    ]) {
      const e = evaluateExpression(attack);
      expect(e.ok, attack).toBe(false);
      expect(!e.ok && e.failure, attack).toBe('not-arithmetic');
    }
  });

  it('says values back as a person reads them', () => {
    expect(formatValue(0.1 + 0.2)).toBe('0.3');
    expect(formatValue(2 / 3)).toBe('0.6666666667');
    expect(formatValue(-0)).toBe('0');
    expect(formatValue(7_006_652)).toBe('7006652');
  });

  it('is a read-only tool: a result, or an error the model reads in plain words', async () => {
    expect(arithmeticTool.readOnly).toBe(true);
    const ok = await arithmeticTool.run({ expression: '1,234 * 5,678' }, context);
    expect(JSON.parse(ok.content)).toEqual({ expression: '1234 * 5678', result: '7006652' });
    expect(ok.summary).toBe('1234 * 5678 = 7006652');
    const bad = await arithmeticTool.run({ expression: '1 / 0' }, context);
    expect(bad.isError).toBe(true);
    expect(JSON.parse(bad.content)).toMatchObject({ error: 'division-by-zero' });
  });
});
