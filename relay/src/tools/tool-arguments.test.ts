import { describe, expect, it } from 'vitest';
import { checkArguments } from './tool-arguments.ts';
import type { ToolInputSchema } from './tool.ts';

const ADD: ToolInputSchema = {
  type: 'object',
  properties: { a: { type: 'number' }, b: { type: 'number' } },
  required: ['a', 'b'],
};

describe('checkArguments', () => {
  it('parses arguments that fit the schema; no text is no arguments', () => {
    expect(checkArguments(ADD, '{"a":1,"b":2}')).toEqual({ ok: true, args: { a: 1, b: 2 } });
    expect(checkArguments({ type: 'object' }, '  ')).toEqual({ ok: true, args: {} });
  });

  it('says what is wrong, in words: not JSON, not an object, every mismatch', () => {
    expect(checkArguments(ADD, '{"a": 1,')).toEqual({
      ok: false,
      problem: 'The arguments are not valid JSON: {"a": 1,',
    });
    expect(checkArguments(ADD, '[1, 2]')).toEqual({
      ok: false,
      problem: 'The arguments must be a JSON object.',
    });
    expect(checkArguments(ADD, '{"a": "one"}')).toEqual({
      ok: false,
      problem:
        "The arguments do not fit the tool: arguments must have required property 'b'; arguments/a must be number.",
    });
  });

  it('reads a schema whatever dialect it names, and refuses to run on one that does not compile', () => {
    const named = { ...ADD, $schema: 'https://json-schema.org/draft/2020-12/schema' };
    expect(checkArguments(named, '{"a":1,"b":2}').ok).toBe(true);
    const broken = { type: 'object', properties: { a: { type: 'integerish' } } } as const;
    expect(checkArguments(broken, '{}')).toMatchObject({
      ok: false,
      problem: expect.stringMatching(/^The tool's argument schema is invalid/) as unknown,
    });
  });
});
