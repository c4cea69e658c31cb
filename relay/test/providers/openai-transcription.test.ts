import { OpenAiTranscriptionAsr } from '../../src/providers/vendors/openai/transcription.ts';
import { asrConformance } from '../conformance/asr-conformance.ts';
import type { Fault } from '../fakes/faults.ts';
import { startFakeOpenAi } from '../fakes/openai-server.ts';

const KEY = 'sk-test-key-0123456789';
const TRANSCRIPT = 'what is the weather like today';

/** OpenAI's `/audio/transcriptions` (or any server's that speaks it) against the fake doing `fault`. */
async function transcriptionAt(fault: Fault, key = KEY) {
  const fake = await startFakeOpenAi({ apiKey: KEY });
  fake.transcript = TRANSCRIPT;
  fake.setFault('transcription', fault);
  const asr = new OpenAiTranscriptionAsr({
    name: 'openai',
    baseUrl: fake.baseUrl,
    apiKey: key,
    model: 'whisper-1',
    maxSamples: 16_000 * 120,
  });
  return {
    asr,
    requests: () => fake.received('transcription').length,
    openConnections: () => fake.openResponses,
    close: async () => {
      await asr.close();
      await fake.close();
    },
  };
}

asrConformance('OpenAiTranscriptionAsr', {
  start: () => transcriptionAt({ kind: 'none' }),
  // A second of a quiet ramp: the fake answers its transcript whatever it hears.
  utterance: () =>
    Promise.resolve({
      samples: Int16Array.from({ length: 16_000 }, (_, i) => (i % 200) - 100),
      sampleRateHz: 16_000,
      transcript: TRANSCRIPT,
    }),
  service: {
    start: transcriptionAt,
    withWrongKey: async () => ({
      ...(await transcriptionAt({ kind: 'none' }, 'sk-wrong-0b9f')),
      key: 'sk-wrong-0b9f',
    }),
  },
});
