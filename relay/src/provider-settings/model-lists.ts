import { z } from 'zod';
import type { ProviderSpec } from '../providers/config/provider-plan.ts';
import { joinUrl, providerFetch } from '../providers/net/http.ts';
import { ProviderError } from '../providers/net/provider-error.ts';

/** Most models a list gives back, and the longest name: a model list, not a server's data. */
const MAX_MODELS = 1000;
const MAX_MODEL_CHARS = 200;

/** Anthropic's API version header (the one its adapter speaks). */
const ANTHROPIC_VERSION = '2023-06-01';

const openAiList = z.object({ data: z.array(z.object({ id: z.string() })) });
const deepgramList = z.object({
  stt: z.array(z.object({ name: z.string(), canonical_name: z.string().optional() })).default([]),
});
const elevenLabsList = z.array(
  z.object({ model_id: z.string(), can_do_text_to_speech: z.boolean().optional() }),
);

/** Deepgram streams over `wss://`; its REST API is the same host over `https://`. */
const restBase = (url: string) => url.replace(/^ws(s?):/, 'http$1:');

/**
 * The models a provider offers, from its own list: OpenAI-compatible `GET /models`, Anthropic,
 * Deepgram (its speech-to-text models) and ElevenLabs (its text-to-speech models)
 * `GET /v1/models`. The embedded providers have none to choose. Names only, at most
 * {@link MAX_MODELS} of at most {@link MAX_MODEL_CHARS} characters. Throws the provider's error
 * (a {@link ProviderError}) or an AbortError.
 */
export async function listModels(spec: ProviderSpec, signal: AbortSignal): Promise<string[]> {
  const ids = await modelIds(spec, signal);
  return ids.filter((id) => id.length <= MAX_MODEL_CHARS).slice(0, MAX_MODELS);
}

async function modelIds(spec: ProviderSpec, signal: AbortSignal): Promise<string[]> {
  const get = async <T>(url: string, headers: Record<string, string>, shape: z.ZodType<T>) => {
    const res = await providerFetch(spec.name, url, { headers, signal });
    const parsed = shape.safeParse(await res.json().catch(() => undefined));
    if (!parsed.success)
      throw new ProviderError(spec.name, 'protocol', 'the model list has an unexpected shape');
    return parsed.data;
  };
  switch (spec.kind) {
    case 'embedded':
    case 'llama-cpp':
      return [];
    case 'openai': {
      const headers: Record<string, string> = spec.apiKey
        ? { Authorization: `Bearer ${spec.apiKey}` }
        : {};
      const list = await get(joinUrl(spec.baseUrl, 'models'), headers, openAiList);
      return sorted(list.data.map((m) => m.id));
    }
    case 'anthropic': {
      const headers = { 'x-api-key': spec.apiKey, 'anthropic-version': ANTHROPIC_VERSION };
      const list = await get(joinUrl(spec.baseUrl, 'v1/models?limit=1000'), headers, openAiList);
      return list.data.map((m) => m.id);
    }
    case 'deepgram': {
      const headers = { Authorization: `Token ${spec.apiKey}` };
      const url = joinUrl(restBase(spec.baseUrl), 'v1/models');
      const list = await get(url, headers, deepgramList);
      return sorted(list.stt.map((m) => m.canonical_name ?? m.name));
    }
    case 'elevenlabs': {
      const url = joinUrl(spec.baseUrl, 'v1/models');
      const list = await get(url, { 'xi-api-key': spec.apiKey }, elevenLabsList);
      return list.filter((m) => m.can_do_text_to_speech !== false).map((m) => m.model_id);
    }
  }
}

const sorted = (ids: string[]) => [...new Set(ids)].sort((a, b) => a.localeCompare(b));
