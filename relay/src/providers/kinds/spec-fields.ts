import { urlHasCredentials } from '@parley/shared';
import { z } from 'zod';
import { envFlag, envNumber } from '../../env/env-fields.ts';
import { describeIssues, type Env } from '../../env/read-env.ts';

/**
 * Where a provider's fields come from: the environment (`OPENAI_API_KEY`, `GROQ_LLM_MODEL`…) or
 * an entry saved in the app. Keys are the suffixes of the environment variables (`API_KEY`,
 * `BASE_URL`, `MODEL`, `LLM_MODEL`, `TTS_VOICE`…); `label` names a field in an error
 * ("OPENAI_API_KEY", or "its API key").
 */
export interface SpecFields {
  get: (key: string) => string | undefined;
  label: (key: string) => string;
  /** The whole environment, for a chain it sets (a saved entry has none): settings of no name. */
  env?: Env;
}

/** What a kind reads its spec with: every missing or invalid field is told, not only the first. */
export interface FieldReader {
  /** A field, unset when blank; an address with a user name or password is told. */
  get(key: string): string | undefined;
  /** A field that must be set: told when missing (then ''). */
  need(key: string): string;
  /** A number field; an invalid one is told and its default taken. */
  number(key: string, spec: Parameters<typeof envNumber>[0]): number;
  /** An on/off field (`1`/`0`, `true`/`false`…); an invalid one is told and its default taken. */
  flag(key: string, spec: Parameters<typeof envFlag>[0]): boolean;
  label(key: string): string;
  problem(p: string): void;
  /** The environment of a chain it sets; empty for a saved entry. */
  env: Env;
}

/** A {@link FieldReader} of `fields`, telling `problem` of each problem. */
export function fieldReader(fields: SpecFields, problem: (p: string) => void): FieldReader {
  const { label } = fields;
  const get = (key: string): string | undefined => {
    const value = fields.get(key);
    // The key has a field of its own, and an address is quoted in errors and logs where a
    // password must not be.
    if (key === 'BASE_URL' && value !== undefined && urlHasCredentials(value))
      problem(
        `${label(key)} holds a user name or password: put the key in ${label('API_KEY')}, not in the address`,
      );
    return value;
  };
  return {
    get,
    need: (key) => {
      const v = get(key);
      if (v === undefined) problem(`${label(key)} is missing`);
      return v ?? '';
    },
    number: (key, spec) => {
      const parsed = envNumber(spec).safeParse(fields.get(key));
      if (parsed.success) return parsed.data;
      problem(`${label(key)}: ${describeIssues(parsed.error).join('; ')}`);
      return spec.default;
    },
    flag: (key, spec) => {
      const parsed = envFlag(spec).safeParse(fields.get(key));
      if (parsed.success) return parsed.data;
      problem(`${label(key)}: ${describeIssues(parsed.error).join('; ')}`);
      return spec.default;
    },
    label,
    problem,
    env: fields.env ?? {},
  };
}

/** The raw PCM rates a hosted voice is asked for that the relay plays as they come. */
export const pcmRateHz = z.union([z.literal(16_000), z.literal(22_050), z.literal(24_000)]);
export type PcmRateHz = z.infer<typeof pcmRateHz>;

/**
 * The `SAMPLE_RATE` field of a voice that streams raw PCM: 16000, 22050 or 24000 Hz (default
 * `defaultHz`); null, after telling so, for any other.
 */
export function pcmRateOf(f: FieldReader, defaultHz: PcmRateHz): PcmRateHz | null {
  const rate = f.number('SAMPLE_RATE', {
    default: defaultHz,
    min: 16_000,
    max: 24_000,
    integer: true,
    meaning: 'Hz of the PCM asked for: 16000, 22050 or 24000',
  });
  if (rate === 16_000 || rate === 22_050 || rate === 24_000) return rate;
  f.problem(`${f.label('SAMPLE_RATE')} must be 16000, 22050 or 24000`);
  return null;
}

/** The spec fields every hosted vendor has: its key, its address and its model. */
export function hostedSpec<K extends string>(kind: K) {
  return z.object({
    kind: z.literal(kind),
    name: z.literal(kind),
    baseUrl: z.string(),
    apiKey: z.string(),
    model: z.string(),
  });
}

/**
 * A hosted vendor's key (`API_KEY`, told when missing), address (`BASE_URL`, else `baseUrl`) and
 * model (`MODEL`, else `model`), in its spec named after its kind.
 */
export function hostedFields<K extends string>(
  f: FieldReader,
  kind: K,
  defaults: { baseUrl: string; model: string },
) {
  return {
    kind,
    name: kind,
    apiKey: f.need('API_KEY'),
    baseUrl: f.get('BASE_URL') ?? defaults.baseUrl,
    model: f.get('MODEL') ?? defaults.model,
  };
}
