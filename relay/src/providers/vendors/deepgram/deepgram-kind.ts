import { z } from 'zod';
import { joinUrl } from '../../net/http.ts';
import { fetchModelList, sortedNames } from '../../net/model-list.ts';
import { defineFamily, hostedInfo, type ProviderKindDef } from '../../kinds/provider-kind.ts';
import { hostedFields, hostedSpec } from '../../kinds/spec-fields.ts';
import { DeepgramAsr } from './deepgram.ts';

const KIND = 'deepgram';
const DEFAULTS = { baseUrl: 'wss://api.deepgram.com', model: 'nova-3' };

const modelList = z.object({
  stt: z.array(z.object({ name: z.string(), canonical_name: z.string().optional() })).default([]),
});

/** Deepgram streams over `wss://`; its REST API is the same host over `https://`. */
const restBase = (url: string) => url.replace(/^ws(s?):/, 'http$1:');

/**
 * Deepgram's live speech recognition: `DEEPGRAM_API_KEY`, `DEEPGRAM_MODEL`, `DEEPGRAM_LANGUAGE`,
 * `DEEPGRAM_BASE_URL`; its speech-to-text models from `GET /v1/models`.
 */
export const DEEPGRAM_KIND: ProviderKindDef = {
  info: hostedInfo(KIND, 'Deepgram', 'asr', DEFAULTS.model),
  inSettings: true,
  family: defineFamily({
    id: KIND,
    spec: hostedSpec(KIND).extend({ language: z.string() }),
    asr: (spec) => new DeepgramAsr(spec),
    models: async (spec, signal) => {
      const headers = { Authorization: `Token ${spec.apiKey}` };
      const url = joinUrl(restBase(spec.baseUrl), 'v1/models');
      const list = await fetchModelList(spec.name, url, headers, modelList, signal);
      return sortedNames(list.stt.map((m) => m.canonical_name ?? m.name));
    },
  }),
  readSpec: (_stage, _name, f) => ({
    ...hostedFields(f, KIND, DEFAULTS),
    language: f.get('LANGUAGE') ?? 'en',
  }),
  // It streams over WebSocket from the host its REST API is on: the app names the host as an
  // http(s) address (https://api.deepgram.com).
  savedAddress: (url) => url.replace(/^http(s?):/, 'ws$1:'),
};
