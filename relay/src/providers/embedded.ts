import type { RelayConfig } from '../config.ts';
import { PocketSphinxAsr } from './asr/pocketsphinx.ts';
import { OfflineResponderLlm } from './llm/offline/provider.ts';
import { FliteTts } from './tts/flite.ts';
import type { Providers } from './types.ts';

/**
 * The provider set that runs with no network and no API key: PocketSphinx (Debian package),
 * the offline responder, Flite (WASI). Waits until the ASR pool and TTS workers are warm, so
 * the first turn is as fast as the rest.
 */
export async function createEmbeddedProviders(
  config: Pick<RelayConfig, 'ttsVoice'>,
): Promise<Providers> {
  const asr = new PocketSphinxAsr();
  const tts = new FliteTts({ voice: config.ttsVoice });
  try {
    await Promise.all([asr.ready(), tts.ready()]);
  } catch (err) {
    await Promise.allSettled([asr.close(), tts.close()]);
    throw err;
  }
  return { asr, llm: new OfflineResponderLlm(), tts };
}
