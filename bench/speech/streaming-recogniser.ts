import { floatToPcm16 } from '@parley/shared';
import { startFakeDeepgram, type FakeDeepgram } from '../../relay/test/fakes/deepgram-server.ts';
import type { SpokenWord } from './espeak.ts';

/**
 * A streaming recogniser at the network boundary for the benches (issue 62): the fake Deepgram
 * (relay/test/fakes/deepgram-server.ts), speaking Deepgram's live protocol, told what each
 * utterance says and when — so the relay hears the script's words at their times, in any
 * language, each `wordDelayMs` after its audio reached the recogniser.
 */
export interface StreamingRecogniser {
  /** What the relay's environment needs to recognise with it (`ASR_PROVIDERS=deepgram`). */
  env: Record<string, string>;
  /** The next utterances say `samples` (16 kHz), these words at these times. */
  hear(samples: Float32Array, words: readonly SpokenWord[]): void;
  fake: FakeDeepgram;
  close(): Promise<void>;
}

const KEY = 'bench-streaming-fake';

/** Starts the fake on a loopback port. */
export async function startStreamingRecogniser(wordDelayMs: number): Promise<StreamingRecogniser> {
  const fake = await startFakeDeepgram({ apiKey: KEY, wordDelayMs });
  return {
    env: { ASR_PROVIDERS: 'deepgram', DEEPGRAM_API_KEY: KEY, DEEPGRAM_BASE_URL: fake.url },
    hear: (samples, words) => fake.setScript({ samples: floatToPcm16(samples), words }),
    fake,
    close: () => fake.close(),
  };
}
