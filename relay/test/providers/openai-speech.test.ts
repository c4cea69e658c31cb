import { OpenAiSpeechTts } from '../../src/providers/vendors/openai/speech.ts';
import { ttsConformance } from '../conformance/tts-conformance.ts';
import type { Fault } from '../fakes/faults.ts';
import { startFakeOpenAi } from '../fakes/openai-server.ts';

const KEY = 'sk-test-key-0123456789';

/** OpenAI's `/audio/speech` (or any server's that speaks it) against the fake doing `fault`. */
async function speechAt(fault: Fault, key = KEY) {
  const fake = await startFakeOpenAi({ apiKey: KEY });
  fake.setFault('speech', fault);
  const tts = new OpenAiSpeechTts({
    name: 'openai',
    baseUrl: fake.baseUrl,
    apiKey: key,
    model: 'tts-1',
    voice: 'alloy',
    sampleRateHz: 24_000,
  });
  return {
    tts,
    requests: () => fake.received('speech').length,
    openConnections: () => fake.openResponses,
    close: () => fake.close(),
  };
}

ttsConformance('OpenAiSpeechTts', {
  start: () => speechAt({ kind: 'none' }),
  // The fake speaks 40 ms of 24 kHz audio per character.
  samplesFor: (text) => Math.round(text.length * 40 * 24),
  service: {
    start: speechAt,
    withWrongKey: async () => ({
      ...(await speechAt({ kind: 'none' }, 'sk-wrong-0b9f')),
      key: 'sk-wrong-0b9f',
    }),
  },
});
