import { EMBEDDED_KIND, STAGES } from '@parley/shared';
import { z } from 'zod';
import { defineFamily, type ProviderKindDef } from '../kinds/provider-kind.ts';
import { FLITE_ENGINE } from './flite/flite-engine.ts';
import { OFFLINE_RESPONDER_ID, OfflineResponderLlm } from './offline/provider.ts';
import { POCKETSPHINX_ENGINE } from './pocketsphinx/pocketsphinx-engine.ts';

const embeddedSpec = z.object({ kind: z.literal(EMBEDDED_KIND), name: z.literal(EMBEDDED_KIND) });

/**
 * The relay's own providers, one per stage: PocketSphinx, the offline responder and Flite. They
 * work offline and take no settings; every chain ends with them unless told otherwise.
 */
export const EMBEDDED_KIND_DEF: ProviderKindDef = {
  info: {
    kind: EMBEDDED_KIND,
    label: 'Embedded (offline)',
    stages: [...STAGES],
    defaultModels: {},
    key: 'none',
    address: false,
    models: false,
  },
  inSettings: true,
  family: defineFamily({
    id: EMBEDDED_KIND,
    spec: embeddedSpec,
    viewKind: EMBEDDED_KIND,
    asr: (_spec, ctx) => ctx.engines.engine(POCKETSPHINX_ENGINE),
    llm: () => new OfflineResponderLlm(),
    tts: (_spec, ctx) => ctx.engines.engine(FLITE_ENGINE),
  }),
  readSpec: () => ({ kind: EMBEDDED_KIND, name: EMBEDDED_KIND }),
  inRelay: {
    engines: [POCKETSPHINX_ENGINE, FLITE_ENGINE],
    providerIds: { asr: 'pocketsphinx', llm: OFFLINE_RESPONDER_ID, tts: 'flite' },
    onRelayCores: true,
    free: true,
  },
};
