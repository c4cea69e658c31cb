import type { DetectedServer, ProviderKind, Stage } from '@parley/shared';

/** The provider kinds that serve each stage, in the order the kind select lists them. */
export const KINDS_BY_STAGE: Readonly<Record<Stage, readonly ProviderKind[]>> = {
  asr: ['embedded', 'openai', 'groq', 'deepgram', 'openai-compatible'],
  llm: ['embedded', 'openai', 'anthropic', 'groq', 'openrouter', 'together', 'openai-compatible'],
  tts: ['embedded', 'openai', 'elevenlabs', 'openai-compatible'],
};

export const KIND_LABELS: Readonly<Record<ProviderKind, string>> = {
  embedded: 'Embedded (offline)',
  openai: 'OpenAI',
  anthropic: 'Anthropic',
  groq: 'Groq',
  openrouter: 'OpenRouter',
  together: 'Together',
  deepgram: 'Deepgram',
  elevenlabs: 'ElevenLabs',
  'openai-compatible': 'OpenAI-compatible server',
};

export const STAGE_LABELS: Readonly<Record<Stage, string>> = {
  asr: 'Speech recognition',
  llm: 'Language model',
  tts: 'Voice',
};

/** The environment variable that sets each stage's chain on the relay (and then wins). */
export const STAGE_ENV: Readonly<Record<Stage, string>> = {
  asr: 'ASR_PROVIDERS',
  llm: 'LLM_PROVIDERS',
  tts: 'TTS_PROVIDERS',
};

export const SERVER_LABELS: Readonly<Record<DetectedServer['server'], string>> = {
  ollama: 'Ollama',
  lmstudio: 'LM Studio',
  'llama-cpp': 'llama.cpp',
  vllm: 'vLLM',
};

/** How a kind takes an API key: hosted providers need one; a compatible server may. */
export function keyNeed(kind: ProviderKind): 'none' | 'required' | 'optional' {
  if (kind === 'embedded') return 'none';
  return kind === 'openai-compatible' ? 'optional' : 'required';
}

/** Whether the kind is reached at an address the user gives. */
export const takesBaseUrl = (kind: ProviderKind): boolean => kind === 'openai-compatible';

/** Whether the kind has models to choose from (the embedded set has one of each). */
export const takesModel = (kind: ProviderKind): boolean => kind !== 'embedded';
