/** What the configuration asks for: the failover chain of each stage, and how to run them. */
import type { Stage } from '@parley/shared';
import type { EngineSettings } from '../kinds/engine-settings.ts';
import type { ProviderSpec } from '../kinds/provider-spec.ts';

export type { ProviderSpec, Stage };

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
   * Where the environment says a kind is reached (its `<KIND>_BASE_URL`: a gateway, a proxy, a
   * regional endpoint), by kind, for the kinds the settings take no address for: entries of that
   * kind saved from the app go there too.
   */
  kindAddresses: Readonly<Record<string, string>>;
  /**
   * Fresh PocketSphinx decoders (~130 MB each, ~30 of them its stop-phrase spotter) kept loaded
   * for new speakers; the relay starts listening once they are. 0: a new speaker's decoder loads
   * as they start talking.
   */
  pocketsphinxSpares: number;
  /**
   * Whether eSpeak NG (GPL-3), the offline voice of Dutch and the other languages Flite does not
   * speak, may be loaded (`ESPEAK_NG`); `off` for a deployment that ships no GPL code: those
   * languages are then spoken only by a hosted voice. Absent: on.
   */
  espeakNg?: 'on' | 'off';
  /**
   * Each embedded engine's own settings (Moonshine's `MOONSHINE_*`), as each engine read them
   * from the environment (`EngineDef.configure`).
   */
  engineSettings: EngineSettings;
}
