import { z } from 'zod';
import { defineFamily, type ProviderKindDef } from '../../kinds/provider-kind.ts';
import { ESPEAK_ENGINE } from './espeak-engine.ts';

/** eSpeak NG's kind, as chains name it. */
export const ESPEAK_NG_KIND = 'espeak-ng';
const KIND = ESPEAK_NG_KIND;

const espeakSpec = z.object({ kind: z.literal(KIND), name: z.string() });

/**
 * eSpeak NG, the offline voice of many languages (Dutch first): no key, no address, no model; one
 * engine in the relay, shared by every chain that names it (`TTS_PROVIDERS=espeak-ng`, or added
 * in the settings) and by the embedded voices, which hand it the languages Flite does not speak.
 */
export const ESPEAK_KIND: ProviderKindDef = {
  info: {
    kind: KIND,
    label: 'eSpeak NG (offline, Dutch and other languages)',
    stages: ['tts'],
    defaultModels: {},
    key: 'none',
    address: false,
    models: false,
  },
  inSettings: true,
  family: defineFamily({
    id: KIND,
    spec: espeakSpec,
    tts: (_spec, ctx) => ctx.engines.engine(ESPEAK_ENGINE),
  }),
  readSpec: (_stage, name) => ({ kind: KIND, name }),
  inRelay: {
    engines: [ESPEAK_ENGINE],
    providerIds: { tts: 'espeak-ng' },
    onRelayCores: true,
    free: true,
  },
};
