import { EmbeddedEngines } from '../../relay/src/providers/embedded/embedded-engines.ts';
import { MOONSHINE_ENGINE } from '../../relay/src/providers/embedded/moonshine/moonshine-engine.ts';
import type { AsrProvider } from '../../relay/src/providers/stages/asr.ts';

/** `ASR_FINAL_TIMEOUT_S`'s default (ms). */
const ASR_FINAL_MS = 10_000;

/**
 * The relay's engines as `ASR_PROVIDERS=moonshine` builds them with the default settings
 * (`MOONSHINE_WORKERS` from the cores, as the relay's), warm.
 */
export async function fairnessEngines(): Promise<{
  asr: AsrProvider;
  workers: number;
  close: () => Promise<void>;
}> {
  const engines = new EmbeddedEngines({
    ttsVoice: 'slt',
    pocketsphinxSpares: 2,
    timeouts: { asrFinalMs: ASR_FINAL_MS },
  });
  const asr = engines.engine(MOONSHINE_ENGINE);
  await asr.ready();
  await engines.ready();
  return { asr, workers: asr.poolStats().maxWorkers ?? 0, close: () => engines.close() };
}
