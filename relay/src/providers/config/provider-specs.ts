/**
 * How one provider of a chain becomes a {@link ProviderSpec}: from the environment
 * (`OPENAI_API_KEY`, `GROQ_LLM_MODEL`…) or from the settings saved in the app. Both read the same
 * fields through a {@link SpecFields} and are validated by the same rules, so a saved chain is
 * refused for the same reasons as an environment one.
 */
import { DEFAULT_MODELS, STAGES, urlHasCredentials } from '@parley/shared';
import { envFlag, envNumber } from '../../env/env-fields.ts';
import { describeIssues } from '../../env/read-env.ts';
import type { ProviderSpec, Stage } from './provider-plan.ts';

/** OpenAI-compatible services known by name: only a key (if any) is needed. */
export const OPENAI_PRESETS: Readonly<
  Record<string, { baseUrl: string; needsKey: boolean; llm?: string; asr?: string; tts?: string }>
> = {
  // The default models are the ones the app's settings show (shared).
  openai: { baseUrl: 'https://api.openai.com/v1', needsKey: true, ...DEFAULT_MODELS.openai },
  groq: { baseUrl: 'https://api.groq.com/openai/v1', needsKey: true, ...DEFAULT_MODELS.groq },
  openrouter: { baseUrl: 'https://openrouter.ai/api/v1', needsKey: true },
  together: { baseUrl: 'https://api.together.xyz/v1', needsKey: true },
  ollama: { baseUrl: 'http://127.0.0.1:11434/v1', needsKey: false },
  lmstudio: { baseUrl: 'http://127.0.0.1:1234/v1', needsKey: false },
};

/** The kinds of provider a spec can be built for (`openai`: any OpenAI-compatible server). */
export type SpecKind =
  'embedded' | 'anthropic' | 'deepgram' | 'elevenlabs' | 'llama-cpp' | 'openai';

/** Which stages each kind of provider can serve (absent: every stage). */
const STAGES_OF: Partial<Record<SpecKind, readonly Stage[]>> = {
  anthropic: ['llm'],
  deepgram: ['asr'],
  elevenlabs: ['tts'],
  'llama-cpp': ['llm'],
};

/** The stages `kind` can serve. */
export function stagesOf(kind: SpecKind): readonly Stage[] {
  return STAGES_OF[kind] ?? STAGES;
}

/** The kind a chain name in `*_PROVIDERS` stands for: its own, or an OpenAI-compatible server. */
export function kindOfName(name: string): SpecKind {
  return name === 'embedded' || name in STAGES_OF ? (name as SpecKind) : 'openai';
}

/**
 * Where a provider's fields come from. Keys are the suffixes of the environment variables
 * (`API_KEY`, `BASE_URL`, `MODEL`, `LLM_MODEL`, `TTS_VOICE`…); `label` names a field in an error
 * ("OPENAI_API_KEY", or "the API key of openai").
 */
export interface SpecFields {
  get: (key: string) => string | undefined;
  label: (key: string) => string;
  /** llama.cpp only: the model file (`LLM_MODEL_PATH`). */
  modelPath?: string | undefined;
}

/**
 * The spec of provider `name` of kind `kind` for `stage`, or null (after telling `problem`)
 * when it cannot be built. Every missing or invalid field is told, not only the first.
 */
export function specOf(
  stage: Stage,
  kind: SpecKind,
  name: string,
  fields: SpecFields,
  problem: (p: string) => void,
): ProviderSpec | null {
  const { label } = fields;
  const get = addressChecked(fields, problem);
  const need = (key: string): string => {
    const v = get(key);
    if (v === undefined) problem(`${label(key)} is missing`);
    return v ?? '';
  };
  const number = numberField(fields, problem);
  const flag = flagField(fields, problem);
  if (!stagesOf(kind).includes(stage)) {
    problem(`${name} cannot serve ${stage} (it serves ${stagesOf(kind).join(', ')})`);
    return null;
  }
  switch (kind) {
    case 'embedded':
      return { kind: 'embedded', name: 'embedded' };
    case 'anthropic':
      return {
        kind: 'anthropic',
        name: 'anthropic',
        apiKey: need('API_KEY'),
        baseUrl: get('BASE_URL') ?? 'https://api.anthropic.com',
        model: get('MODEL') ?? DEFAULT_MODELS.anthropic.llm,
      };
    case 'deepgram':
      return {
        kind: 'deepgram',
        name: 'deepgram',
        apiKey: need('API_KEY'),
        baseUrl: get('BASE_URL') ?? 'wss://api.deepgram.com',
        model: get('MODEL') ?? DEFAULT_MODELS.deepgram.asr,
        language: get('LANGUAGE') ?? 'en',
      };
    case 'elevenlabs': {
      const rate = number('SAMPLE_RATE', {
        default: 16_000,
        min: 16_000,
        max: 24_000,
        integer: true,
        meaning: 'Hz of the PCM asked for: 16000, 22050 or 24000',
      });
      if (rate !== 16_000 && rate !== 22_050 && rate !== 24_000) {
        problem(`${label('SAMPLE_RATE')} must be 16000, 22050 or 24000`);
        return null;
      }
      return {
        kind: 'elevenlabs',
        name: 'elevenlabs',
        apiKey: need('API_KEY'),
        baseUrl: get('BASE_URL') ?? 'https://api.elevenlabs.io',
        model: get('MODEL') ?? DEFAULT_MODELS.elevenlabs.tts,
        voiceId: get('VOICE_ID') ?? '21m00Tcm4TlvDq8ikWAM',
        sampleRateHz: rate,
        streamInput: flag('STREAM_INPUT', {
          default: false,
          meaning: "a reply's text goes to the voice as it is written",
        }),
      };
    }
    case 'llama-cpp': {
      const modelPath = fields.modelPath?.trim();
      if (!modelPath) problem('LLM_MODEL_PATH is missing (the path of a .gguf model file)');
      const contextSize = number('CONTEXT_SIZE', {
        default: 4096,
        min: 256,
        max: 1_048_576,
        integer: true,
        meaning: 'tokens of context',
      });
      const threads =
        get('THREADS') === undefined
          ? undefined
          : number('THREADS', {
              default: 1,
              min: 1,
              max: 1024,
              integer: true,
              meaning: 'CPU threads',
            });
      return {
        kind: 'llama-cpp',
        name: 'llama-cpp',
        modelPath: modelPath ?? '',
        contextSize,
        ...(threads === undefined ? {} : { threads }),
      };
    }
    case 'openai':
      return openAiSpec(stage, name, name, fields, problem);
  }
}

/**
 * `fields.get`, telling `problem` when the address (`BASE_URL`) holds a user name or password:
 * the key has a field of its own, and an address is quoted in errors and logs where a password
 * must not be.
 */
function addressChecked(
  fields: SpecFields,
  problem: (p: string) => void,
): (key: string) => string | undefined {
  return (key) => {
    const value = fields.get(key);
    if (key === 'BASE_URL' && value !== undefined && urlHasCredentials(value))
      problem(
        `${fields.label(key)} holds a user name or password: put the key in ${fields.label('API_KEY')}, not in the address`,
      );
    return value;
  };
}

/** Reads a number field; an invalid one is told and its default taken. */
function numberField(fields: SpecFields, problem: (p: string) => void) {
  return (key: string, spec: Parameters<typeof envNumber>[0]): number => {
    const parsed = envNumber(spec).safeParse(fields.get(key));
    if (parsed.success) return parsed.data;
    problem(`${fields.label(key)}: ${describeIssues(parsed.error).join('; ')}`);
    return spec.default;
  };
}

/** Reads an on/off field: told to `problem` when it is neither. */
function flagField(fields: SpecFields, problem: (p: string) => void) {
  return (key: string, spec: Parameters<typeof envFlag>[0]): boolean => {
    const parsed = envFlag(spec).safeParse(fields.get(key));
    if (parsed.success) return parsed.data;
    problem(`${fields.label(key)}: ${describeIssues(parsed.error).join('; ')}`);
    return spec.default;
  };
}

/**
 * An OpenAI-compatible server: `preset` names one of {@link OPENAI_PRESETS} (its address, its
 * default models and whether it needs a key), or none.
 */
export function openAiSpec(
  stage: Stage,
  name: string,
  preset: string,
  fields: SpecFields,
  problem: (p: string) => void,
): ProviderSpec {
  const { label } = fields;
  const get = addressChecked(fields, problem);
  const number = numberField(fields, problem);
  const known = OPENAI_PRESETS[preset];
  const baseUrl = get('BASE_URL') ?? known?.baseUrl;
  if (!baseUrl)
    problem(
      `${label('BASE_URL')} is missing (an OpenAI-compatible server, e.g. http://host:8000/v1)`,
    );
  const apiKey = get('API_KEY');
  if (known?.needsKey && apiKey === undefined) problem(`${label('API_KEY')} is missing`);
  const modelKey = `${stage.toUpperCase()}_MODEL`;
  const model = get(modelKey) ?? get('MODEL') ?? known?.[stage];
  if (!model) problem(`${label(modelKey)} is missing (there is no default model for ${stage})`);
  const spec: ProviderSpec = {
    kind: 'openai',
    name,
    baseUrl: baseUrl ?? '',
    model: model ?? '',
    ...(apiKey === undefined ? {} : { apiKey }),
  };
  if (stage === 'tts') {
    spec.voice = get('TTS_VOICE') ?? 'alloy';
    spec.sampleRateHz = number('TTS_SAMPLE_RATE', {
      default: 24_000,
      min: 8_000,
      max: 48_000,
      integer: true,
      meaning: 'Hz of the raw PCM /audio/speech answers with',
    });
  }
  if (stage === 'llm') spec.streamUsage = get('STREAM_USAGE') !== '0';
  if (stage === 'asr') {
    const language = get('LANGUAGE');
    if (language) spec.language = language;
  }
  return spec;
}
