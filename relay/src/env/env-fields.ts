import { z } from 'zod';
import { secretProblem, type SecretRule } from './secret-strength.ts';

/**
 * The kinds of value an environment variable holds, as zod fields for {@link readEnv}'s schemas.
 * Each takes an optional string: unset or blank takes the default (an empty value must never
 * silently become 0, which often means "unlimited" or "off"); anything else must parse, and an
 * error names what is allowed and echoes the value.
 */

/**
 * A number. Errors name the allowed range and echo the value, e.g.
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

const TRUE = new Set(['1', 'true', 'yes', 'on']);
const FALSE = new Set(['0', 'false', 'no', 'off']);

/** On or off: `1`/`true`/`yes`/`on` or `0`/`false`/`no`/`off` (any case). */
export function envFlag(spec: { default: boolean; meaning: string }) {
  return z
    .string()
    .optional()
    .transform((raw, ctx) => {
      const text = raw?.trim().toLowerCase() ?? '';
      if (text === '') return spec.default;
      if (TRUE.has(text)) return true;
      if (FALSE.has(text)) return false;
      ctx.addIssue({
        code: 'custom',
        message: `must be 1 or 0 (${spec.meaning}); got "${raw?.trim() ?? ''}"`,
      });
      return z.NEVER;
    });
}

/**
 * A secret (a key, a token): unset or blank is undefined; anything else must pass
 * {@link secretProblem} for `rule` (no placeholder, long enough, not guessable). An error never
 * echoes the value.
 */
export function envSecret(rule: SecretRule) {
  return z
    .string()
    .optional()
    .transform((raw, ctx) => {
      const text = raw?.trim() ?? '';
      if (text === '') return undefined;
      const problem = secretProblem(text, rule);
      if (problem === null) return text;
      ctx.addIssue({ code: 'custom', message: problem });
      return z.NEVER;
    });
}
