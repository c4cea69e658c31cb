import { z } from 'zod';
import { joinUrl } from '../../net/http.ts';
import { fetchModelList } from '../../net/model-list.ts';
import { defineFamily, hostedInfo, type ProviderKindDef } from '../../kinds/provider-kind.ts';
import { hostedFields, hostedSpec, pcmRateHz, pcmRateOf } from '../../kinds/spec-fields.ts';
import { ELEVENLABS_DEFAULTS, ElevenLabsTts } from './elevenlabs.ts';
import { ElevenLabsStreamTts } from './elevenlabs-stream.ts';

const KIND = 'elevenlabs';

const modelList = z.array(
  z.object({ model_id: z.string(), can_do_text_to_speech: z.boolean().optional() }),
);

/**
 * ElevenLabs' streaming speech: `ELEVENLABS_API_KEY`, `ELEVENLABS_VOICE_ID`, `ELEVENLABS_MODEL`,
 * `ELEVENLABS_SAMPLE_RATE`, `ELEVENLABS_BASE_URL`, `ELEVENLABS_STREAM_INPUT` (a reply's text sent
 * as it is written, over its WebSocket input; default off); its text-to-speech models from
 * `GET /v1/models`.
 */
export const ELEVENLABS_KIND: ProviderKindDef = {
  info: hostedInfo(KIND, 'ElevenLabs', 'tts', ELEVENLABS_DEFAULTS.model),
  inSettings: true,
  family: defineFamily({
    id: KIND,
    spec: hostedSpec(KIND).extend({
      voiceId: z.string(),
      sampleRateHz: pcmRateHz,
      streamInput: z.boolean().optional(),
    }),
    tts: (spec) => (spec.streamInput ? new ElevenLabsStreamTts(spec) : new ElevenLabsTts(spec)),
    models: async (spec, signal) => {
      const url = joinUrl(spec.baseUrl, 'v1/models');
      const headers = { 'xi-api-key': spec.apiKey };
      const list = await fetchModelList(spec.name, url, headers, modelList, signal);
      return list.filter((m) => m.can_do_text_to_speech !== false).map((m) => m.model_id);
    },
  }),
  readSpec: (_stage, _name, f) => {
    const rate = pcmRateOf(f, ELEVENLABS_DEFAULTS.sampleRateHz);
    if (rate === null) return null;
    return {
      ...hostedFields(f, KIND, ELEVENLABS_DEFAULTS),
      voiceId: f.get('VOICE_ID') ?? ELEVENLABS_DEFAULTS.voiceId,
      sampleRateHz: rate,
      streamInput: f.flag('STREAM_INPUT', {
        default: false,
        meaning: "a reply's text goes to the voice as it is written",
      }),
    };
  },
};
