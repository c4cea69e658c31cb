import { SERVER_KIND, STAGES, type ProviderKindInfo, type Stage } from '@parley/shared';
import type { ProviderSpec } from '../../kinds/provider-spec.ts';
import type { ProviderKindDef } from '../../kinds/provider-kind.ts';
import type { FieldReader } from '../../kinds/spec-fields.ts';
import { OPENAI_FAMILY, type OpenAiSpec } from './openai-family.ts';

/** A service or server that speaks OpenAI's API, as a kind of provider declares it. */
export interface OpenAiCompatible {
  kind: string;
  label: string;
  /** Default: every stage. */
  stages?: readonly Stage[];
  /** The model of each stage when none is chosen (the settings show the same). */
  defaultModels?: ProviderKindInfo['defaultModels'];
  /** Where it is reached; absent: the user gives the address (`<NAME>_BASE_URL`). */
  baseUrl?: string;
  /** Whether it refuses calls without a key (hosted services do). */
  needsKey: boolean;
  /** Default true; false: named in `*_PROVIDERS` only. */
  inSettings?: boolean;
}

/**
 * A kind of provider that speaks OpenAI's API (OpenAI, Groq, a local server): its settings are
 * `<NAME>_BASE_URL` (`baseUrl` when it has one), `<NAME>_API_KEY`, the model of each stage
 * (`<NAME>_LLM_MODEL`, or `<NAME>_MODEL`), `<NAME>_TTS_VOICE`, `<NAME>_TTS_SAMPLE_RATE`,
 * `<NAME>_STREAM_USAGE` and `<NAME>_LANGUAGE`.
 */
export function openAiCompatibleKind(o: OpenAiCompatible): ProviderKindDef {
  const info: ProviderKindInfo = {
    kind: o.kind,
    label: o.label,
    stages: [...(o.stages ?? STAGES)],
    defaultModels: o.defaultModels ?? {},
    key: o.needsKey ? 'required' : 'optional',
    address: o.baseUrl === undefined,
    models: true,
  };
  return {
    info,
    inSettings: o.inSettings ?? true,
    family: OPENAI_FAMILY,
    readSpec: (stage, name, f) => openAiSpecOf(stage, name, o, f),
  };
}

/** The spec of provider `name` (of kind `o`) for `stage`, from its fields. */
function openAiSpecOf(
  stage: Stage,
  name: string,
  o: OpenAiCompatible,
  f: FieldReader,
): ProviderSpec {
  const baseUrl = f.get('BASE_URL') ?? o.baseUrl;
  if (!baseUrl)
    f.problem(
      `${f.label('BASE_URL')} is missing (an OpenAI-compatible server, e.g. http://host:8000/v1)`,
    );
  const apiKey = f.get('API_KEY');
  if (o.needsKey && apiKey === undefined) f.problem(`${f.label('API_KEY')} is missing`);
  const modelKey = `${stage.toUpperCase()}_MODEL`;
  const model = f.get(modelKey) ?? f.get('MODEL') ?? o.defaultModels?.[stage];
  if (!model) f.problem(`${f.label(modelKey)} is missing (there is no default model for ${stage})`);
  const language = stage === 'asr' ? f.get('LANGUAGE') : undefined;
  const spec: OpenAiSpec = {
    kind: 'openai',
    name,
    baseUrl: baseUrl ?? '',
    model: model ?? '',
    ...(apiKey === undefined ? {} : { apiKey }),
    ...(stage === 'tts'
      ? {
          voice: f.get('TTS_VOICE') ?? 'alloy',
          sampleRateHz: f.number('TTS_SAMPLE_RATE', {
            default: 24_000,
            min: 8_000,
            max: 48_000,
            integer: true,
            meaning: 'Hz of the raw PCM /audio/speech answers with',
          }),
        }
      : {}),
    ...(stage === 'llm' ? { streamUsage: f.get('STREAM_USAGE') !== '0' } : {}),
    ...(language ? { language } : {}),
  };
  return spec;
}

/** OpenAI itself. */
export const OPENAI_KIND = openAiCompatibleKind({
  kind: 'openai',
  label: 'OpenAI',
  defaultModels: { llm: 'gpt-4o-mini', asr: 'whisper-1', tts: 'tts-1' },
  baseUrl: 'https://api.openai.com/v1',
  needsKey: true,
});

/**
 * Any OpenAI-compatible server at the address the user gives (vLLM, llama.cpp's server, a
 * Kokoro or faster-whisper server): the kind of every name in `*_PROVIDERS` no other kind has.
 */
export const SERVER_KIND_DEF = openAiCompatibleKind({
  kind: SERVER_KIND,
  label: 'OpenAI-compatible server',
  needsKey: false,
});
