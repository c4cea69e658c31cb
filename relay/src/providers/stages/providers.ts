import type { AsrProvider } from './asr.ts';
import type { LlmChain } from './llm.ts';
import type { TtsChain } from './tts.ts';

/** The provider set a relay runs with: each stage's failover chain. */
export interface Providers {
  asr: AsrProvider;
  llm: LlmChain;
  tts: TtsChain;
  /**
   * Opens connections to the hosted providers a turn would call, ahead of the turn and without
   * a request (see `ProviderConnections.warm`); never waits nor throws. Absent: none to open.
   */
  warm?(): void;
}
