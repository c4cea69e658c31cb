import { defineEngine } from '../../kinds/engine.ts';
import { PocketSphinxAsr } from './pocketsphinx.ts';

/**
 * The embedded recogniser, PocketSphinx, with `POCKETSPHINX_SPARES` fresh decoders kept loaded
 * (the plan's: the relay's own recogniser, always there behind the others).
 */
export const POCKETSPHINX_ENGINE = defineEngine({
  name: 'pocketsphinx',
  settings: () => undefined,
  start: (_settings, host) => new PocketSphinxAsr({ poolSize: host.plan.pocketsphinxSpares }),
  warm: (sphinx) => sphinx.ready(),
});
