import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { envFlag, envNumber } from './env-fields.ts';
import { readEnv, withoutBlanks } from './read-env.ts';

const schema = z.object({
  SIZE: envNumber({ default: 3, min: 1, max: 10, integer: true, meaning: 'things' }),
  ON: envFlag({ default: false, meaning: 'a switch' }),
  NAME: z.string().default('parley'),
});

describe('readEnv', () => {
  it('takes blank and whitespace-only values as unset', () => {
    expect(withoutBlanks({ A: '', B: '  ', C: ' x ', D: undefined })).toEqual({ C: 'x' });
    expect(readEnv(schema, { SIZE: '', ON: ' ', NAME: '' }, 'test')).toEqual({
      SIZE: 3,
      ON: false,
      NAME: 'parley',
    });
  });

  it('reads flags in the usual spellings', () => {
    for (const on of ['1', 'true', 'TRUE', 'yes', 'on'])
      expect(readEnv(schema, { ON: on }, 'test').ON).toBe(true);
    for (const off of ['0', 'false', 'No', 'off'])
      expect(readEnv(schema, { ON: off }, 'test').ON).toBe(false);
  });

  it('lists every problem, naming the variable and echoing the value', () => {
    expect(() => readEnv(schema, { SIZE: '2.5', ON: 'maybe' }, 'test')).toThrow(
      'Invalid test configuration: SIZE: must be a whole number from 1 to 10 (things); got "2.5"; ' +
        'ON: must be 1 or 0 (a switch); got "maybe"',
    );
  });
});
