import { z } from 'zod';
import { defineFamily, type ProviderKindDef } from '../../kinds/provider-kind.ts';
import { pcmRateHz, pcmRateOf } from '../../kinds/spec-fields.ts';
import { CARTESIA_DEFAULT_VOICE, CARTESIA_MODELS, CartesiaTts } from './cartesia.ts';

const KIND = 'cartesia';
const DEFAULT_MODEL = 'sonic-3';

const cartesiaSpec = z.object({
  kind: z.literal(KIND),
  name: z.literal(KIND),
  baseUrl: z.string(),
  apiKey: z.string(),
  model: z.string(),
  voiceId: z.string(),
  language: z.string(),
  sampleRateHz: pcmRateHz,
});

/**
 * Cartesia's Sonic voices: `CARTESIA_API_KEY`, `CARTESIA_MODEL` (`sonic-3`),
 * `CARTESIA_VOICE_ID`, `CARTESIA_LANGUAGE` (`en`), `CARTESIA_SAMPLE_RATE` (`24000`: 16000,
 * 22050 or 24000), `CARTESIA_BASE_URL`.
 */
export const CARTESIA_KIND: ProviderKindDef = {
  info: {
    kind: KIND,
    label: 'Cartesia',
    stages: ['tts'],
    defaultModels: { tts: DEFAULT_MODEL },
    key: 'required',
    address: false,
    models: true,
  },
  inSettings: true,
  family: defineFamily({
    id: KIND,
    spec: cartesiaSpec,
    viewKind: KIND,
    tts: (spec) =>
      new CartesiaTts({
        apiKey: spec.apiKey,
        baseUrl: spec.baseUrl,
        model: spec.model,
        voiceId: spec.voiceId,
        language: spec.language,
        sampleRateHz: spec.sampleRateHz,
      }),
    models: () => Promise.resolve([...CARTESIA_MODELS]),
    view: (spec) => ({ baseUrl: spec.baseUrl, model: spec.model }),
  }),
  readSpec: (_stage, _name, f) => {
    const rate = pcmRateOf(f, 24_000);
    if (rate === null) return null;
    return {
      kind: KIND,
      name: KIND,
      apiKey: f.need('API_KEY'),
      baseUrl: f.get('BASE_URL') ?? 'https://api.cartesia.ai',
      model: f.get('MODEL') ?? DEFAULT_MODEL,
      voiceId: f.get('VOICE_ID') ?? CARTESIA_DEFAULT_VOICE,
      language: f.get('LANGUAGE') ?? 'en',
      sampleRateHz: rate,
    };
  },
};
