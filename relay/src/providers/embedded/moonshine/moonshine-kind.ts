import { z } from 'zod';
import { defineFamily, type ProviderKindDef } from '../../kinds/provider-kind.ts';
import { MOONSHINE_ENGINE } from './moonshine-engine.ts';

const KIND = 'moonshine';

const moonshineSpec = z.object({ kind: z.literal(KIND), name: z.string() });

/**
 * Moonshine, the offline recogniser for real voices (English): no key, no address, no model to
 * choose; one model in the relay, shared by every chain that names it (`ASR_PROVIDERS=moonshine`,
 * or added in the settings ahead of the embedded fallback).
 */
export const MOONSHINE_KIND: ProviderKindDef = {
  info: {
    kind: KIND,
    label: 'Moonshine (offline, English)',
    stages: ['asr'],
    defaultModels: {},
    key: 'none',
    address: false,
    models: false,
  },
  inSettings: true,
  family: defineFamily({
    id: KIND,
    spec: moonshineSpec,
    asr: (_spec, ctx) => ctx.engines.engine(MOONSHINE_ENGINE),
  }),
  readSpec: (_stage, name) => ({ kind: KIND, name }),
  // It decodes on the relay's cores, PocketSphinx listening beside it.
  inRelay: {
    engines: [MOONSHINE_ENGINE],
    providerIds: { asr: 'moonshine' },
    onRelayCores: true,
    free: true,
  },
};
