import type { Stage } from '@parley/shared';

/** Where a stage's conformance suite runs against one adapter. */
export interface ConformanceCase {
  /** The test file, from the repository's root. */
  file: string;
  /** The name it gives the suite: `<stage>Conformance('<suite>', …)`. */
  suite: string;
}

/**
 * Every adapter family's conformance cases, by stage: the relay's kinds (`PROVIDER_KINDS`) are
 * served by these families' adapters, so each kind and stage it serves must find one here
 * (`kind-conformance.test.ts`). A new vendor or embedded engine adds its case with its folder.
 */
export const CONFORMANCE_CASES: Readonly<
  Record<string, Partial<Record<Stage, readonly ConformanceCase[]>>>
> = {
  embedded: {
    asr: [
      {
        file: 'relay/src/providers/embedded/pocketsphinx/pocketsphinx-conformance.test.ts',
        suite: 'PocketSphinxAsr',
      },
    ],
    llm: [
      {
        file: 'relay/src/providers/embedded/offline/responder.test.ts',
        suite: 'OfflineResponderLlm',
      },
    ],
    tts: [{ file: 'relay/src/providers/embedded/flite/flite.test.ts', suite: 'FliteTts' }],
  },
  moonshine: {
    asr: [
      {
        file: 'relay/src/providers/embedded/moonshine/moonshine-conformance.test.ts',
        suite: 'MoonshineAsr',
      },
    ],
  },
  'espeak-ng': {
    tts: [{ file: 'relay/src/providers/embedded/espeak/espeak.test.ts', suite: 'eSpeak NG' }],
  },
  openai: {
    asr: [
      {
        file: 'relay/test/providers/openai-transcription.test.ts',
        suite: 'OpenAiTranscriptionAsr',
      },
    ],
    llm: [{ file: 'relay/test/providers/anthropic-openai.test.ts', suite: 'OpenAiChatLlm' }],
    tts: [{ file: 'relay/test/providers/openai-speech.test.ts', suite: 'OpenAiSpeechTts' }],
  },
  anthropic: {
    llm: [{ file: 'relay/test/providers/anthropic-openai.test.ts', suite: 'AnthropicLlm' }],
  },
  deepgram: { asr: [{ file: 'relay/test/providers/deepgram.test.ts', suite: 'DeepgramAsr' }] },
  elevenlabs: {
    tts: [
      { file: 'relay/test/providers/elevenlabs.test.ts', suite: 'ElevenLabsTts' },
      {
        file: 'relay/test/providers/elevenlabs-stream.test.ts',
        suite: 'ElevenLabsStreamTts (text as it is written, over its socket)',
      },
    ],
  },
  cartesia: { tts: [{ file: 'relay/test/providers/cartesia.test.ts', suite: 'CartesiaTts' }] },
  'llama-cpp': { llm: [{ file: 'relay/test/providers/llama-cpp.test.ts', suite: 'LlamaCppLlm' }] },
};
