import { SERVER_KIND } from '@parley/shared';
import { z } from 'zod';
import { joinUrl } from '../../net/http.ts';
import { fetchModelList, sortedNames } from '../../net/model-list.ts';
import { defineFamily, MAX_UTTERANCE_SAMPLES } from '../../kinds/provider-kind.ts';
import { OpenAiChatLlm } from './chat.ts';
import { authHeaders } from './options.ts';
import { OpenAiSpeechTts } from './speech.ts';
import { OpenAiTranscriptionAsr } from './transcription.ts';

/** A provider that speaks OpenAI's API: OpenAI, Groq, OpenRouter, Together, any local server. */
export const openAiSpec = z.object({
  kind: z.literal('openai'),
  name: z.string(),
  baseUrl: z.string(),
  apiKey: z.string().optional(),
  model: z.string(),
  /** TTS only. */
  voice: z.string().optional(),
  /** TTS only: rate of the server's raw PCM. */
  sampleRateHz: z.number().optional(),
  /** LLM only: ask for the usage chunk. */
  streamUsage: z.boolean().optional(),
  /** ASR only: language hint. */
  language: z.string().optional(),
});
export type OpenAiSpec = z.infer<typeof openAiSpec>;

const modelList = z.object({ data: z.array(z.object({ id: z.string() })) });

const endpoint = (spec: OpenAiSpec) => ({
  name: spec.name,
  baseUrl: spec.baseUrl,
  ...(spec.apiKey ? { apiKey: spec.apiKey } : {}),
});

/**
 * OpenAI's API as every OpenAI-compatible server speaks it: chat completions, transcriptions
 * (batch) and speech (raw PCM); its models from `GET /models`.
 */
export const OPENAI_FAMILY = defineFamily({
  id: 'openai',
  spec: openAiSpec,
  viewKind: SERVER_KIND,
  openAiCompatible: true,
  llm: (spec, ctx) =>
    new OpenAiChatLlm({
      ...endpoint(spec),
      model: spec.model,
      systemPrompt: ctx.systemPrompt,
      maxTokens: ctx.llmMaxTokens,
      streamUsage: spec.streamUsage ?? true,
    }),
  asr: (spec) =>
    new OpenAiTranscriptionAsr({
      ...endpoint(spec),
      model: spec.model,
      maxSamples: MAX_UTTERANCE_SAMPLES,
      ...(spec.language ? { language: spec.language } : {}),
    }),
  tts: (spec) =>
    new OpenAiSpeechTts({
      ...endpoint(spec),
      model: spec.model,
      voice: spec.voice ?? 'alloy',
      sampleRateHz: spec.sampleRateHz ?? 24_000,
    }),
  models: async (spec, signal) => {
    const url = joinUrl(spec.baseUrl, 'models');
    const list = await fetchModelList(
      spec.name,
      url,
      authHeaders(endpoint(spec)),
      modelList,
      signal,
    );
    return sortedNames(list.data.map((m) => m.id));
  },
});
