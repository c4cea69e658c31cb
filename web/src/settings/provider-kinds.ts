import type { DetectedServer, ProviderKind, Stage } from '@parley/shared';

/**
 * The kinds each stage may use, and what kinds and stages are called on screen (the relay's
 * refusals use the same words).
 */
export { PROVIDER_KIND_LABELS as KIND_LABELS, KINDS_BY_STAGE, STAGE_LABELS } from '@parley/shared';

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
