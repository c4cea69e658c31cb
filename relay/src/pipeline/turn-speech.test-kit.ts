import { logger } from '../log/logger.ts';
import { OpenAiSpeechTts } from '../providers/vendors/openai/speech.ts';
import { FailoverTts } from '../providers/resilience/failover-tts.ts';
import { ProviderSlot } from '../providers/resilience/provider-slot.ts';
import { ElevenLabsTts } from '../providers/vendors/elevenlabs/elevenlabs.ts';
import { FliteTts } from '../providers/embedded/flite/flite.ts';
import type { TtsProvider } from '../providers/types.ts';
import type { FakeElevenLabs } from '../../test/fakes/elevenlabs-server.ts';
import type { FakeOpenAi } from '../../test/fakes/openai-server.ts';

/**
 * The real voices the speaking tests speak with, against the fake servers of `relay/test/fakes`
 * (the network is the only thing faked): the one file of the pipeline's tests that knows where
 * the adapters live.
 */

/** OpenAI's speech adapter (`alpha:tts-fake`, raw PCM at 24 kHz) against `server`. */
export function openAiVoice(server: FakeOpenAi): TtsProvider {
  return new OpenAiSpeechTts({
    name: 'alpha',
    baseUrl: server.baseUrl,
    model: 'tts-fake',
    voice: 'alloy',
    sampleRateHz: 24_000,
  });
}

/** ElevenLabs' adapter (`elevenlabs:eleven_flash_v2_5`) against `server`, at `rateHz`. */
export function elevenLabsVoice(server: FakeElevenLabs, rateHz: 16_000 | 24_000): TtsProvider {
  return new ElevenLabsTts({ apiKey: 'el-key', baseUrl: server.url, sampleRateHz: rateHz });
}

/** The embedded voice, one worker. */
export function fliteVoice(): FliteTts {
  return new FliteTts({ workers: 1 });
}

/**
 * `voices` as the relay chains them: before its first audio a voice that fails or is silent for
 * a second is passed over; a stream silent for half a second has stalled; breakers never open.
 */
export function chainOf(...voices: TtsProvider[]): TtsProvider {
  const slots = voices.map(
    (v, rank) =>
      new ProviderSlot('tts', rank, v, { failureThreshold: 1000, cooldownMs: 0, now: Date.now }),
  );
  return new FailoverTts(slots, { firstMs: 1000, stallMs: 500 }, logger('test:tts-chain'));
}
