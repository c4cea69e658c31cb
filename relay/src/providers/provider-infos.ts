import type { ReadyMessage } from '@parley/shared';
import type { Providers } from './stages/providers.ts';

/** What the client is told of the stages' chains (`ready`, `providers.changed`). */
export function providerInfos(
  p: Pick<Providers, 'asr' | 'llm' | 'tts'>,
): ReadyMessage['providers'] {
  return { asr: p.asr.info, llm: p.llm.info, tts: p.tts.info };
}
