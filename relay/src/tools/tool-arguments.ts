import { Ajv, type ValidateFunction } from 'ajv';
import type { ToolInputSchema } from './tool.ts';

/** A call's arguments, parsed and checked, or what is wrong with them in words the model reads. */
export type CheckedArguments =
  { ok: true; args: Record<string, unknown> } | { ok: false; problem: string };

/**
 * One validator for every tool's schema: JSON Schema as models and MCP servers write it (draft-07
 * keywords; unknown keywords and formats tolerated — a server's schema is not ours to reject),
 * every problem listed so the model can fix them in one go.
 */
const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });

/** Compiled validators, by schema object (a tool's schema is compiled once, when first called). */
const compiled = new WeakMap<ToolInputSchema, ValidateFunction | Error>();

function validatorOf(schema: ToolInputSchema): ValidateFunction | Error {
  let validate = compiled.get(schema);
  if (validate === undefined) {
    try {
      // Whatever dialect it names, its keywords are read as draft-07's (an unknown `$schema`
      // would fail the compilation).
      const keywords: Record<string, unknown> = { ...schema };
      delete keywords.$schema;
      validate = ajv.compile(keywords);
    } catch (err) {
      validate = err instanceof Error ? err : new Error(String(err));
    }
    compiled.set(schema, validate);
  }
  return validate;
}

/**
 * The arguments of a call as the model wrote them (`text`, JSON), parsed and checked against the
 * tool's `schema`. Empty text is no arguments (`{}`: some servers send nothing for a tool that
 * takes none). Text that is not a JSON object, or an object the schema refuses, is a problem
 * told in plain words; so is a schema that does not compile (the tool's fault, never a crash).
 */
export function checkArguments(schema: ToolInputSchema, text: string): CheckedArguments {
  let parsed: unknown;
  try {
    parsed = text.trim() === '' ? {} : JSON.parse(text);
  } catch {
    return { ok: false, problem: `The arguments are not valid JSON: ${excerpt(text)}` };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    return { ok: false, problem: 'The arguments must be a JSON object.' };
  const validate = validatorOf(schema);
  if (validate instanceof Error)
    return { ok: false, problem: `The tool's argument schema is invalid: ${validate.message}` };
  if (validate(parsed)) return { ok: true, args: parsed as Record<string, unknown> };
  const problems = ajv.errorsText(validate.errors, { dataVar: 'arguments', separator: '; ' });
  return { ok: false, problem: `The arguments do not fit the tool: ${problems}.` };
}

/** Longest excerpt of bad arguments said back to the model (characters). */
const MAX_EXCERPT = 200;

const excerpt = (text: string) =>
  text.length <= MAX_EXCERPT ? text : `${text.slice(0, MAX_EXCERPT)}…`;
