import type { z } from 'zod';

/** The process environment, or settings in its shape (see `withConfigFile`). */
export type Env = Record<string, string | undefined>;

/**
 * `env` without its unset and blank variables, the others trimmed. The one rule of every
 * setting: a blank value (`PORT=`, `RESUME_GRACE_S=" "`) counts as unset and takes the default.
 */
export function withoutBlanks(env: Env): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    const text = value?.trim();
    if (text !== undefined && text !== '') kept[name] = text;
  }
  return kept;
}

/**
 * The one way the relay reads its settings: `schema` (an object of the fields in
 * `env-fields.ts`) parsed from `env` after {@link withoutBlanks}. Throws one `Error` naming
 * `what` and listing every problem, each as `NAME: message`.
 */
export function readEnv<S extends z.ZodType>(schema: S, env: Env, what: string): z.output<S> {
  const parsed = schema.safeParse(withoutBlanks(env));
  if (!parsed.success) {
    throw new Error(`Invalid ${what} configuration: ${describeIssues(parsed.error).join('; ')}`);
  }
  return parsed.data;
}

/** Turns a failed parse into one line per problem: `NAME: message`. */
export function describeIssues(error: z.ZodError): string[] {
  return error.issues.map((i) => {
    const path = i.path.map(String).join('.');
    return path === '' ? i.message : `${path}: ${i.message}`;
  });
}
