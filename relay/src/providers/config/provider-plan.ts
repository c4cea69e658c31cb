/** What the configuration asks for: the failover chain of each stage, and how to run them. */
import type { Stage } from '@parley/shared';

export type { Stage };

interface OpenAiSpec {
  kind: 'openai';
  /** Instance name (`openai`, `groq`, `ollama`, or any name the user picks). */
  name: string;
  baseUrl: string;
  apiKey?: string;
  model: string;
  /** TTS only. */
  voice?: string;
  /** TTS only: rate of the server's raw PCM. */
  sampleRateHz?: number;
  /** LLM only: ask for the usage chunk. */
  streamUsage?: boolean;
  /** ASR only: language hint. */
  language?: string;
}

interface AnthropicSpec {
  kind: 'anthropic';
  name: 'anthropic';
  baseUrl: string;
  apiKey: string;
  model: string;
}

interface DeepgramSpec {
  kind: 'deepgram';
  name: 'deepgram';
  baseUrl: string;
  apiKey: string;
  model: string;
  language: string;
}

interface ElevenLabsSpec {
  kind: 'elevenlabs';
  name: 'elevenlabs';
  baseUrl: string;
  apiKey: string;
  model: string;
  voiceId: string;
  sampleRateHz: 16_000 | 22_050 | 24_000;
  /** A reply's text goes to the voice as it is written (its streaming input); absent: no. */
  streamInput?: boolean;
}

interface LlamaCppSpec {
  kind: 'llama-cpp';
  name: 'llama-cpp';
  modelPath: string;
  contextSize: number;
  threads?: number;
}

interface EmbeddedSpec {
  kind: 'embedded';
  name: 'embedded';
}

export type ProviderSpec =
  OpenAiSpec | AnthropicSpec | DeepgramSpec | ElevenLabsSpec | LlamaCppSpec | EmbeddedSpec;

export interface ProviderPlan {
  asr: ProviderSpec[];
  llm: ProviderSpec[];
  tts: ProviderSpec[];
  timeouts: {
    asrFinalMs: number;
    llmFirstTokenMs: number;
    llmTotalMs: number;
    ttsFirstAudioMs: number;
    /** Longest silence inside an LLM or TTS stream once it started. */
    streamStallMs: number;
  };
  breaker: { failureThreshold: number; cooldownMs: number };
  /** Interval of the background health probes (ms); 0 = off. */
  probeIntervalMs: number;
  systemPrompt: string;
  llmMaxTokens: number;
  /** Flite voice of the embedded TTS. */
  ttsVoice: 'slt' | 'rms' | 'awb' | 'kal16';
  /**
   * Fresh PocketSphinx decoders (~100 MB each) kept loaded for new speakers; the relay starts
   * listening once they are. 0: a new speaker's decoder loads as they start talking.
   */
  pocketsphinxSpares: number;
}
