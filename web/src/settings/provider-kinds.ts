import {
  kindInfoOf,
  type DetectedServer,
  type ProviderKind,
  type ProviderKindInfo,
  type Stage,
} from '@parley/shared';

/**
 * What stages are called on screen (the relay's refusals use the same words). The kinds of
 * provider are the relay's: it sends them in the settings' view (`AssistantSettingsView.kinds`),
 * with what the form asks of each (a key, an address, a model).
 */
export { STAGE_LABELS } from '@parley/shared';

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

/**
 * The kind `kind` as the relay describes it in `kinds`. One it no longer has (a relay updated
 * under saved settings) is shown by its name, serving nothing and asking for nothing: the form
 * can only replace it.
 */
export function kindInfo(kinds: readonly ProviderKindInfo[], kind: ProviderKind): ProviderKindInfo {
  return (
    kindInfoOf(kinds, kind) ?? {
      kind,
      label: kind,
      stages: [],
      defaultModels: {},
      key: 'none',
      address: false,
      models: false,
    }
  );
}
