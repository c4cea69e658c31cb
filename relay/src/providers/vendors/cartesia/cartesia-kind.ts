import { z } from 'zod';
import { defineFamily, hostedInfo, type ProviderKindDef } from '../../kinds/provider-kind.ts';
import { hostedFields, hostedSpec, pcmRateHz, pcmRateOf } from '../../kinds/spec-fields.ts';
import { CARTESIA_DEFAULT_VOICE, CARTESIA_MODELS, CartesiaTts } from './cartesia.ts';

const KIND = 'cartesia';
const DEFAULTS = { baseUrl: 'https://api.cartesia.ai', model: 'sonic-3' };

/**
 * Cartesia's Sonic voices: `CARTESIA_API_KEY`, `CARTESIA_MODEL` (`sonic-3`),
 * `CARTESIA_VOICE_ID`, `CARTESIA_LANGUAGE` (`en`), `CARTESIA_SAMPLE_RATE` (`24000`: 16000,
 * 22050 or 24000), `CARTESIA_BASE_URL`.
 */
export const CARTESIA_KIND: ProviderKindDef = {
  info: hostedInfo(KIND, 'Cartesia', 'tts', DEFAULTS.model),
  inSettings: true,
  family: defineFamily({
    id: KIND,
    spec: hostedSpec(KIND).extend({
      voiceId: z.string(),
      language: z.string(),
      sampleRateHz: pcmRateHz,
    }),
    tts: (spec) => new CartesiaTts(spec),
    // Cartesia has no model list to ask for.
    models: () => Promise.resolve([...CARTESIA_MODELS]),
  }),
  readSpec: (_stage, _name, f) => {
    const rate = pcmRateOf(f, 24_000);
    if (rate === null) return null;
    return {
      ...hostedFields(f, KIND, DEFAULTS),
      voiceId: f.get('VOICE_ID') ?? CARTESIA_DEFAULT_VOICE,
      language: f.get('LANGUAGE') ?? 'en',
      sampleRateHz: rate,
    };
  },
};
