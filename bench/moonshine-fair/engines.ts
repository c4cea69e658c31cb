import { EmbeddedEngines } from '../../relay/src/providers/embedded/embedded-engines.ts';
import type { AsrProvider } from '../../relay/src/providers/types.ts';

/** The relay's engines as `ASR_PROVIDERS=moonshine` builds them, warm. */
export async function fairnessEngines(): Promise<{
  asr: AsrProvider;
  workers: number;
  close: () => Promise<void>;
}> {
  const engines = new EmbeddedEngines({ ttsVoice: 'slt', pocketsphinxSpares: 2 });
  const asr = engines.moonshine();
  await asr.ready();
  await engines.ready();
  return { asr, workers: 1, close: () => engines.close() };
}
