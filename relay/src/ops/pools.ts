import type { PoolStatus } from '@parley/shared';
import type { ProviderSet } from '../providers/provider-set.ts';
import type { AsrProvider } from '../providers/stages/asr.ts';
import type { TtsProvider } from '../providers/stages/tts.ts';

/**
 * The local worker pools of the providers in use — each stage's chain and the embedded voices
 * that speak apologies — for the ops overview and `/metrics`. Providers that call a service
 * have none; a provider in two places is counted once.
 */
export function poolStatuses(set: Pick<ProviderSet, 'slots' | 'fallbackVoices'>): PoolStatus[] {
  const seen = new Set<object>();
  const out: PoolStatus[] = [];
  const add = (pool: PoolStatus['pool'], provider: AsrProvider | TtsProvider) => {
    const workers = provider.capability?.('pool');
    if (seen.has(provider) || !workers) return;
    seen.add(provider);
    out.push({ pool, provider: provider.info.id, ...workers.stats() });
  };
  for (const slot of set.slots.asr) add('asr', slot.provider);
  for (const slot of set.slots.tts) add('tts', slot.provider);
  for (const slot of set.fallbackVoices) add('tts', slot.provider);
  return out;
}
