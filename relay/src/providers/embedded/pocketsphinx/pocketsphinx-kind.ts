import { EMBEDDED_KIND } from '@parley/shared';
import type { ProviderKindDef } from '../../kinds/provider-kind.ts';
import { EMBEDDED_KIND_DEF } from '../embedded-kind.ts';
import { POCKETSPHINX_ENGINE } from './pocketsphinx-engine.ts';

/**
 * `ASR_PROVIDERS=pocketsphinx`: the embedded recogniser alone, PocketSphinx listening and
 * writing — a small machine's choice where Moonshine (the default writer, issue 61) costs too
 * much. A name for the environment only: it reads as the embedded entry, which the settings
 * show and save (a chain of the embedded entry alone is the same choice there).
 */
export const POCKETSPHINX_NAME: ProviderKindDef = {
  info: {
    ...EMBEDDED_KIND_DEF.info,
    kind: 'pocketsphinx',
    label: 'PocketSphinx (offline)',
    stages: ['asr'],
  },
  inSettings: false,
  family: EMBEDDED_KIND_DEF.family,
  readSpec: () => ({ kind: EMBEDDED_KIND, name: EMBEDDED_KIND }),
  inRelay: {
    engines: [POCKETSPHINX_ENGINE],
    providerIds: { asr: 'pocketsphinx' },
    onRelayCores: true,
    free: true,
  },
};
