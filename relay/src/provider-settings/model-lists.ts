import type { ProviderSpec } from '../providers/config/provider-plan.ts';
import { familyOf } from '../providers/provider-kinds.ts';

/** Most models a list gives back, and the longest name: a model list, not a server's data. */
const MAX_MODELS = 1000;
const MAX_MODEL_CHARS = 200;

/**
 * The models a provider offers, from its own list (its kind's adapters ask for it: an
 * OpenAI-compatible `GET /models`, Anthropic's, Deepgram's speech-to-text models, ElevenLabs'
 * text-to-speech ones). The embedded providers have none to choose. Names only, at most
 * {@link MAX_MODELS} of at most {@link MAX_MODEL_CHARS} characters. Throws the provider's error
 * (a `ProviderError`) or an AbortError.
 */
export async function listModels(spec: ProviderSpec, signal: AbortSignal): Promise<string[]> {
  const ids = await familyOf(spec).models(spec, signal);
  return ids.filter((id) => id.length <= MAX_MODEL_CHARS).slice(0, MAX_MODELS);
}
