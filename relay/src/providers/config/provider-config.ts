import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { envNumber } from '../../env/env-fields.ts';
import { readEnv, withoutBlanks, type Env } from '../../env/read-env.ts';
import { DEFAULT_SYSTEM_PROMPT } from '../llm/system-prompt.ts';
import type { ProviderPlan, ProviderSpec, Stage } from './provider-plan.ts';
import { EngineSettings } from '../kinds/engine-settings.ts';
import { kindOfName, PROVIDER_KINDS, relayEngines, specOf } from '../provider-kinds.ts';
import { ESPEAK_NG_KIND } from '../embedded/espeak/espeak-kind.ts';

const seconds = (meaning: string, def: number, max = 600) =>
  envNumber({ default: def, min: 0.05, max, meaning });

/**
 * The recognition chain when `ASR_PROVIDERS` is unset: Moonshine writes the words (PocketSphinx
 * listening beside it), the embedded recogniser — PocketSphinx alone — behind it (issue 61).
 */
export const DEFAULT_ASR_PROVIDERS = 'moonshine,embedded';

const settingsSchema = z.object({
  ASR_PROVIDERS: z.string().default(DEFAULT_ASR_PROVIDERS),
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
  ESPEAK_NG: z.enum(['on', 'off']).default('on'),
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
    engineSettings: engineSettings(env, (p) => problems.push(p)),
    kindAddresses: kindAddresses(env),
    espeakNg: e.ESPEAK_NG,
  };
  if (e.ESPEAK_NG === 'off')
    for (const spec of plan.tts)
      if (spec.kind === ESPEAK_NG_KIND)
        problems.push(`TTS_PROVIDERS names ${spec.name} but ESPEAK_NG=off leaves eSpeak NG out`);
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
  return specOf(
    stage,
    kindOfName(name),
    name,
    {
      get: (key) => {
        const v = env[`${prefix}_${key}`]?.trim();
        return v === '' ? undefined : v;
      },
      label: (key) => `${prefix}_${key}`,
      env,
    },
    problem,
  );
}

/** Every embedded engine's own settings, each read by the engine from `env`; `problem`: a bad one. */
function engineSettings(env: Env, problem: (p: string) => void): EngineSettings {
  const settings = new EngineSettings();
  for (const engine of relayEngines())
    try {
      engine.configure(settings, env);
    } catch (err) {
      problem(err instanceof Error ? err.message : String(err));
    }
  return settings;
}

/** The environment's `<KIND>_BASE_URL` of each kind the settings take no address for. */
function kindAddresses(env: Env): Record<string, string> {
  return Object.fromEntries(
    PROVIDER_KINDS.flatMap((k) => {
      const url = env[`${envPrefix(k.info.kind)}_BASE_URL`]?.trim();
      return !k.info.address && url ? [[k.info.kind, url]] : [];
    }),
  );
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
