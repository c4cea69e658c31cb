import { z } from 'zod';
import { joinUrl } from '../../net/http.ts';
import { fetchModelList } from '../../net/model-list.ts';
import { defineFamily, type ProviderKindDef } from '../../kinds/provider-kind.ts';
import { pcmRateHz, pcmRateOf } from '../../kinds/spec-fields.ts';
import { ElevenLabsTts } from './elevenlabs.ts';

const elevenLabsSpec = z.object({
  kind: z.literal('elevenlabs'),
  name: z.literal('elevenlabs'),
  baseUrl: z.string(),
  apiKey: z.string(),
  model: z.string(),
  voiceId: z.string(),
  sampleRateHz: pcmRateHz,
});

const modelList = z.array(
  z.object({ model_id: z.string(), can_do_text_to_speech: z.boolean().optional() }),
);

const DEFAULT_MODEL = 'eleven_flash_v2_5';

/**
 * ElevenLabs' streaming speech: `ELEVENLABS_API_KEY`, `ELEVENLABS_VOICE_ID`, `ELEVENLABS_MODEL`,
 * `ELEVENLABS_SAMPLE_RATE`, `ELEVENLABS_BASE_URL`; its text-to-speech models from
 * `GET /v1/models`.
 */
export const ELEVENLABS_KIND: ProviderKindDef = {
  info: {
    kind: 'elevenlabs',
    label: 'ElevenLabs',
    stages: ['tts'],
    defaultModels: { tts: DEFAULT_MODEL },
    key: 'required',
    address: false,
    models: true,
  },
  inSettings: true,
  family: defineFamily({
    id: 'elevenlabs',
    spec: elevenLabsSpec,
    viewKind: 'elevenlabs',
    tts: (spec) =>
      new ElevenLabsTts({
        apiKey: spec.apiKey,
        baseUrl: spec.baseUrl,
        model: spec.model,
        voiceId: spec.voiceId,
        sampleRateHz: spec.sampleRateHz,
      }),
    models: async (spec, signal) => {
      const url = joinUrl(spec.baseUrl, 'v1/models');
      const headers = { 'xi-api-key': spec.apiKey };
      const list = await fetchModelList(spec.name, url, headers, modelList, signal);
      return list.filter((m) => m.can_do_text_to_speech !== false).map((m) => m.model_id);
    },
    view: (spec) => ({ baseUrl: spec.baseUrl, model: spec.model }),
  }),
  readSpec: (_stage, _name, f) => {
    const rate = pcmRateOf(f, 16_000);
    if (rate === null) return null;
    return {
      kind: 'elevenlabs',
      name: 'elevenlabs',
      apiKey: f.need('API_KEY'),
      baseUrl: f.get('BASE_URL') ?? 'https://api.elevenlabs.io',
      model: f.get('MODEL') ?? DEFAULT_MODEL,
      voiceId: f.get('VOICE_ID') ?? '21m00Tcm4TlvDq8ikWAM',
      sampleRateHz: rate,
    };
  },
};
