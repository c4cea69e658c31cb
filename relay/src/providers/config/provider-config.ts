import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { STAGES } from '@parley/shared';
import { envNumber } from '../../env/env-fields.ts';
import { describeIssues, readEnv, withoutBlanks, type Env } from '../../env/read-env.ts';
import { DEFAULT_SYSTEM_PROMPT } from '../llm/system-prompt.ts';
import type { ProviderPlan, ProviderSpec, Stage } from './provider-plan.ts';

/** OpenAI-compatible services known by name: only a key (if any) is needed. */
const OPENAI_PRESETS: Record<
  string,
  { baseUrl: string; needsKey: boolean; llm?: string; asr?: string; tts?: string }
> = {
  openai: {
    baseUrl: 'https://api.openai.com/v1',
    needsKey: true,
    llm: 'gpt-4o-mini',
    asr: 'whisper-1',
    tts: 'tts-1',
  },
  groq: {
    baseUrl: 'https://api.groq.com/openai/v1',
    needsKey: true,
    llm: 'llama-3.1-8b-instant',
    asr: 'whisper-large-v3-turbo',
  },
  openrouter: { baseUrl: 'https://openrouter.ai/api/v1', needsKey: true },
  together: { baseUrl: 'https://api.together.xyz/v1', needsKey: true },
  ollama: { baseUrl: 'http://127.0.0.1:11434/v1', needsKey: false },
  lmstudio: { baseUrl: 'http://127.0.0.1:1234/v1', needsKey: false },
};

/** Which stages each kind of provider can serve. */
const STAGES_OF: Record<string, readonly Stage[]> = {
  embedded: STAGES,
  anthropic: ['llm'],
  deepgram: ['asr'],
  elevenlabs: ['tts'],
  'llama-cpp': ['llm'],
};

const seconds = (meaning: string, def: number, max = 600) =>
  envNumber({ default: def, min: 0.05, max, meaning });

const settingsSchema = z.object({
  ASR_PROVIDERS: z.string().default('embedded'),
  LLM_PROVIDERS: z.string().default('embedded'),
  TTS_PROVIDERS: z.string().default('embedded'),
  ASR_FINAL_TIMEOUT_S: seconds('seconds from the end of speech to the final transcript', 10),
  LLM_FIRST_TOKEN_TIMEOUT_S: seconds('seconds to the first LLM token', 10),
  LLM_TOTAL_TIMEOUT_S: seconds('seconds for a whole LLM reply', 60, 3600),
  TTS_FIRST_AUDIO_TIMEOUT_S: seconds('seconds to the first TTS audio of a sentence', 10),
  STREAM_STALL_TIMEOUT_S: seconds('seconds a started LLM/TTS stream may go silent', 5),
  BREAKER_FAILURES: envNumber({
    default: 3,
    min: 1,
    max: 1000,
    integer: true,
    meaning: 'consecutive failures that open a provider’s circuit breaker',
  }),
  BREAKER_COOLDOWN_S: seconds('seconds before a failed provider is probed again', 10, 3600),
  HEALTH_PROBE_INTERVAL_S: envNumber({
    default: 30,
    min: 0,
    max: 3600,
    meaning: 'seconds between background provider health probes, 0 = off',
  }),
  // The ceiling of every reply: a user's reply length asks for fewer (150, 350 or 800).
  LLM_MAX_TOKENS: envNumber({
    default: 800,
    min: 1,
    max: 100_000,
    integer: true,
    meaning: 'longest LLM reply in tokens',
  }),
  SYSTEM_PROMPT: z.string().optional(),
  TTS_VOICE: z.enum(['slt', 'rms', 'awb', 'kal16']).default('slt'),
  POCKETSPHINX_SPARES: envNumber({
    default: 2,
    min: 0,
    max: 64,
    integer: true,
    meaning: 'PocketSphinx decoders kept loaded for new speakers',
  }),
});

/** The environment prefix of a provider instance name: `llama-cpp` → `LLAMA_CPP`. */
const envPrefix = (name: string) => name.toUpperCase().replace(/[^A-Z0-9]/g, '_');

/**
 * Reads the provider chains and their settings from the environment. Throws one error listing
 * every problem, each naming the variable to set (e.g. "LLM_PROVIDERS=openai but
 * OPENAI_API_KEY is missing").
 */
export function loadProviderPlan(env: Env): ProviderPlan {
  const e = readEnv(settingsSchema, env, 'provider');
  const problems: string[] = [];
  const chain = (stage: Stage, list: string): ProviderSpec[] => {
    const variable = `${stage.toUpperCase()}_PROVIDERS`;
    const names = list
      .split(',')
      .map((n) => n.trim().toLowerCase())
      .filter((n) => n !== '');
    if (names.length === 0) problems.push(`${variable} is empty: name at least one provider`);
    if (new Set(names).size !== names.length) problems.push(`${variable} names a provider twice`);
    return names.flatMap((name) => {
      const spec = specFor(stage, name, env, (p) => problems.push(`${variable}=${list} but ${p}`));
      return spec ? [spec] : [];
    });
  };
  const plan: ProviderPlan = {
    asr: chain('asr', e.ASR_PROVIDERS),
    llm: chain('llm', e.LLM_PROVIDERS),
    tts: chain('tts', e.TTS_PROVIDERS),
    timeouts: {
      asrFinalMs: Math.round(e.ASR_FINAL_TIMEOUT_S * 1000),
      llmFirstTokenMs: Math.round(e.LLM_FIRST_TOKEN_TIMEOUT_S * 1000),
      llmTotalMs: Math.round(e.LLM_TOTAL_TIMEOUT_S * 1000),
      ttsFirstAudioMs: Math.round(e.TTS_FIRST_AUDIO_TIMEOUT_S * 1000),
      streamStallMs: Math.round(e.STREAM_STALL_TIMEOUT_S * 1000),
    },
    breaker: {
      failureThreshold: e.BREAKER_FAILURES,
      cooldownMs: Math.round(e.BREAKER_COOLDOWN_S * 1000),
    },
    probeIntervalMs: Math.round(e.HEALTH_PROBE_INTERVAL_S * 1000),
    systemPrompt: e.SYSTEM_PROMPT ?? DEFAULT_SYSTEM_PROMPT,
    llmMaxTokens: e.LLM_MAX_TOKENS,
    ttsVoice: e.TTS_VOICE,
    pocketsphinxSpares: e.POCKETSPHINX_SPARES,
  };
  if (problems.length > 0)
    throw new Error(`Invalid provider configuration: ${problems.join('; ')}`);
  return plan;
}

function specFor(
  stage: Stage,
  name: string,
  env: Env,
  problem: (p: string) => void,
): ProviderSpec | null {
  if (!/^[a-z][a-z0-9-]{0,31}$/.test(name)) {
    problem(`"${name}" is not a provider name (letters, digits and dashes)`);
    return null;
  }
  const prefix = envPrefix(name);
  const get = (key: string) => {
    const v = env[`${prefix}_${key}`]?.trim();
    return v === '' ? undefined : v;
  };
  const need = (key: string): string => {
    const v = get(key);
    if (v === undefined) problem(`${prefix}_${key} is missing`);
    return v ?? '';
  };
  const number = (key: string, spec: Parameters<typeof envNumber>[0]): number => {
    const parsed = envNumber(spec).safeParse(get(key));
    if (parsed.success) return parsed.data;
    problem(`${prefix}_${key}: ${describeIssues(parsed.error).join('; ')}`);
    return spec.default;
  };
  const kind = STAGES_OF[name] ? name : 'openai';
  if (!(STAGES_OF[kind] ?? STAGES).includes(stage)) {
    problem(`${name} cannot serve ${stage} (it serves ${(STAGES_OF[kind] ?? []).join(', ')})`);
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
        model: get('MODEL') ?? 'claude-haiku-4-5',
      };
    case 'deepgram':
      return {
        kind: 'deepgram',
        name: 'deepgram',
        apiKey: need('API_KEY'),
        baseUrl: get('BASE_URL') ?? 'wss://api.deepgram.com',
        model: get('MODEL') ?? 'nova-3',
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
        problem(`${prefix}_SAMPLE_RATE must be 16000, 22050 or 24000`);
        return null;
      }
      return {
        kind: 'elevenlabs',
        name: 'elevenlabs',
        apiKey: need('API_KEY'),
        baseUrl: get('BASE_URL') ?? 'https://api.elevenlabs.io',
        model: get('MODEL') ?? 'eleven_flash_v2_5',
        voiceId: get('VOICE_ID') ?? '21m00Tcm4TlvDq8ikWAM',
        sampleRateHz: rate,
      };
    }
    case 'llama-cpp': {
      const modelPath = env.LLM_MODEL_PATH?.trim();
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
    default: {
      const preset = OPENAI_PRESETS[name];
      const baseUrl = get('BASE_URL') ?? preset?.baseUrl;
      if (!baseUrl)
        problem(
          `${prefix}_BASE_URL is missing (an OpenAI-compatible server, e.g. http://host:8000/v1)`,
        );
      const apiKey = preset?.needsKey ? need('API_KEY') : get('API_KEY');
      const modelKey = `${stage.toUpperCase()}_MODEL`;
      const model = get(modelKey) ?? get('MODEL') ?? preset?.[stage];
      if (!model)
        problem(`${prefix}_${modelKey} is missing (which model ${name} should use for ${stage})`);
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
  }
}

/**
 * The environment with `PARLEY_CONFIG` (a JSON file of the same variables) merged under it:
 * variables set (not blank) in the environment win over the file.
 */
export function withConfigFile(env: Env): Env {
  const path = env.PARLEY_CONFIG?.trim();
  if (!path) return env;
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new Error(
      `PARLEY_CONFIG=${path} could not be read as JSON: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new Error(
      `PARLEY_CONFIG=${path} must hold a JSON object of settings, e.g. {"LLM_PROVIDERS": "openai"}`,
    );
  }
  const fromFile: Record<string, string> = {};
  for (const [k, v] of Object.entries(json)) {
    if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') {
      throw new Error(`PARLEY_CONFIG=${path}: ${k} must be a string, number or boolean`);
    }
    fromFile[k] = String(v);
  }
  // A blank variable counts as unset: it does not hide the file's value.
  return { ...fromFile, ...withoutBlanks(env) };
}
