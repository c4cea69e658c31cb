import { afterAll, beforeAll, describe, vi } from 'vitest';
import { asrConformance } from '../../../../test/conformance/asr-conformance.ts';
import { RELIABLE_PHRASES } from '../../../../test/fixtures/phrases.ts';
import { closeSynthesizers, synthesizeSpeech } from '../../../../test/fixtures/speech.ts';
import { PocketSphinxAsr } from './pocketsphinx.ts';
import { DECODER_TEST_TIMEOUT_MS } from './pocketsphinx.test-kit.ts';

vi.setConfig({ testTimeout: DECODER_TEST_TIMEOUT_MS });

describe('PocketSphinxAsr as every recogniser', () => {
  let shared: PocketSphinxAsr;
  beforeAll(async () => {
    shared = new PocketSphinxAsr({ poolSize: 1 });
    await shared.ready();
  });
  afterAll(async () => {
    await shared.close();
    await closeSynthesizers();
  });

  const phrase = RELIABLE_PHRASES[0];
  if (!phrase) throw new Error('fixture missing');
  // The embedded recogniser calls no service: the contract of a service's failures does not apply.
  asrConformance('PocketSphinxAsr', {
    start: () => Promise.resolve({ asr: shared, close: () => Promise.resolve() }),
    utterance: async () => ({
      ...(await synthesizeSpeech(phrase.text)),
      transcript: phrase.transcript,
    }),
  });
});
