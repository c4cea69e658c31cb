import { defineEngine } from '../../kinds/engine.ts';
import { EspeakTts } from './espeak.ts';

/**
 * eSpeak NG, the offline voice of Dutch and other languages. Its engine loads with the first
 * text it is given: a relay whose users all speak English never loads it. Throws where it is
 * left out (`ESPEAK_NG=off`): nothing then imports its package.
 */
export const ESPEAK_ENGINE = defineEngine({
  name: 'espeak-ng',
  settings: () => undefined,
  start: (_settings, host) => {
    if (host.plan.espeakNg === 'off')
      throw new Error('eSpeak NG is left out of this relay (ESPEAK_NG=off)');
    return new EspeakTts({ warm: false });
  },
});
