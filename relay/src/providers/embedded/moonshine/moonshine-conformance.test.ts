import { afterAll, beforeAll, describe, vi } from 'vitest';
import { wordsOf } from '@parley/shared';
import { asrConformance } from '../../../../test/conformance/asr-conformance.ts';
import { RELIABLE_PHRASES } from '../../../../test/fixtures/phrases.ts';
import { closeSynthesizers, synthesizeSpeech } from '../../../../test/fixtures/speech.ts';
import { MoonshineAsr } from './moonshine.ts';

/** Loading the model (and, for WebAssembly, compiling its runtime): generous, for a loaded machine. */
const MODEL_TIMEOUT_MS = 60_000;

vi.setConfig({ testTimeout: MODEL_TIMEOUT_MS });

describe('MoonshineAsr as every recogniser', () => {
  let shared: MoonshineAsr;
  beforeAll(async () => {
    shared = new MoonshineAsr({ workers: 1 });
    await shared.ready();
  }, MODEL_TIMEOUT_MS);
  afterAll(async () => {
    await shared.close();
    await closeSynthesizers();
  });

  const phrase = RELIABLE_PHRASES[0];
  if (!phrase) throw new Error('fixture missing');
  // An embedded engine calls no service: the contract of a service's failures does not apply.
  asrConformance('MoonshineAsr', {
    start: () => Promise.resolve({ asr: shared, close: () => Promise.resolve() }),
    utterance: async () => ({
      ...(await synthesizeSpeech(phrase.text, { voice: 'slt' })),
      transcript: phrase.transcript,
    }),
    heard: (text) => wordsOf(text).join(' '),
  });
});
