import { z } from 'zod';
import { joinUrl } from '../../net/http.ts';
import { fetchModelList, sortedNames } from '../../net/model-list.ts';
import { defineFamily, type ProviderKindDef } from '../../kinds/provider-kind.ts';
import { DeepgramAsr } from './deepgram.ts';

const deepgramSpec = z.object({
  kind: z.literal('deepgram'),
  name: z.literal('deepgram'),
  baseUrl: z.string(),
  apiKey: z.string(),
  model: z.string(),
  language: z.string(),
});

const modelList = z.object({
  stt: z.array(z.object({ name: z.string(), canonical_name: z.string().optional() })).default([]),
});

const DEFAULT_MODEL = 'nova-3';

/** Deepgram streams over `wss://`; its REST API is the same host over `https://`. */
const restBase = (url: string) => url.replace(/^ws(s?):/, 'http$1:');

/**
 * Deepgram's live speech recognition: `DEEPGRAM_API_KEY`, `DEEPGRAM_MODEL`, `DEEPGRAM_LANGUAGE`,
 * `DEEPGRAM_BASE_URL`; its speech-to-text models from `GET /v1/models`.
 */
export const DEEPGRAM_KIND: ProviderKindDef = {
  info: {
    kind: 'deepgram',
    label: 'Deepgram',
    stages: ['asr'],
    defaultModels: { asr: DEFAULT_MODEL },
    key: 'required',
    address: false,
    models: true,
  },
  inSettings: true,
  family: defineFamily({
    id: 'deepgram',
    spec: deepgramSpec,
    viewKind: 'deepgram',
    asr: (spec) =>
      new DeepgramAsr({
        apiKey: spec.apiKey,
        baseUrl: spec.baseUrl,
        model: spec.model,
        language: spec.language,
      }),
    models: async (spec, signal) => {
      const headers = { Authorization: `Token ${spec.apiKey}` };
      const url = joinUrl(restBase(spec.baseUrl), 'v1/models');
      const list = await fetchModelList(spec.name, url, headers, modelList, signal);
      return sortedNames(list.stt.map((m) => m.canonical_name ?? m.name));
    },
    view: (spec) => ({ baseUrl: spec.baseUrl, model: spec.model }),
  }),
  readSpec: (_stage, _name, f) => ({
    kind: 'deepgram',
    name: 'deepgram',
    apiKey: f.need('API_KEY'),
    baseUrl: f.get('BASE_URL') ?? 'wss://api.deepgram.com',
    model: f.get('MODEL') ?? DEFAULT_MODEL,
    language: f.get('LANGUAGE') ?? 'en',
  }),
  // It streams over WebSocket from the host its REST API is on: the app names the host as an
  // http(s) address (https://api.deepgram.com).
  savedAddress: (url) => url.replace(/^http(s?):/, 'ws$1:'),
};
