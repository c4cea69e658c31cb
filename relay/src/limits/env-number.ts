import { z } from 'zod';

/**
 * A numeric environment variable: unset or blank takes the default (an empty value must not
 * silently become 0, which often means "unlimited"); anything else must parse and be in range.
 * Errors name the allowed range and echo the value, e.g.
 * `must be a whole number from 1 to 1000 (sessions open at once per user); got "abc"`.
 */
export function envNumber(spec: {
  default: number;
  min: number;
  max: number;
  /** Whole numbers only. */
  integer?: boolean;
  /** What the number means, with its unit, for error messages. */
  meaning: string;
}) {
  return z
    .string()
    .optional()
    .transform((raw, ctx) => {
      const text = raw?.trim() ?? '';
      if (text === '') return spec.default;
      const value = Number(text);
      const valid =
        Number.isFinite(value) &&
        (spec.integer !== true || Number.isInteger(value)) &&
        value >= spec.min &&
        value <= spec.max;
      if (valid) return value;
      const kind = spec.integer === true ? 'a whole number' : 'a number';
      ctx.addIssue({
        code: 'custom',
        message: `must be ${kind} from ${spec.min} to ${spec.max} (${spec.meaning}); got "${text}"`,
      });
      return z.NEVER;
    });
}

/** Turns a failed parse into one line per problem: `NAME: message`. */
export function describeIssues(error: z.ZodError): string[] {
  return error.issues.map((i) => {
    const path = i.path.map(String).join('.');
    return path === '' ? i.message : `${path}: ${i.message}`;
  });
}
