import { describe, expect, it } from 'vitest';
import { logger } from '../log/logger.ts';
import { PocketSphinxAsr } from './embedded/pocketsphinx/pocketsphinx.ts';
import { loadProviderPlan } from './config/provider-config.ts';
import { ProviderSet } from './provider-set.ts';

describe('ProviderSet.create', () => {
  it('is ready with POCKETSPHINX_SPARES decoders loaded, and none with 0', async () => {
    for (const [spares, loaded] of [
      ['0', 0],
      ['1', 1],
    ] as const) {
      const plan = loadProviderPlan({
        ASR_PROVIDERS: 'pocketsphinx',
        POCKETSPHINX_SPARES: spares,
        HEALTH_PROBE_INTERVAL_S: '0',
      });
      const set = await ProviderSet.create(plan, logger('test:providers'));
      try {
        const asr = set.slots.asr[0]?.provider;
        expect(asr).toBeInstanceOf(PocketSphinxAsr);
        expect(asr instanceof PocketSphinxAsr && asr.processes).toBe(loaded);
      } finally {
        await set.close();
      }
    }
  });
});
