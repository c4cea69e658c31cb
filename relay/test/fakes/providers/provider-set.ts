import { logger } from '../../../src/log/logger.ts';
import { loadProviderPlan } from '../../../src/providers/config/provider-config.ts';
import { ProviderSet } from '../../../src/providers/provider-set.ts';
import { FakeAsr } from './asr.ts';
import { FakeLlm, type FakeLlmOptions } from './llm.ts';
import { FakeTts } from './tts.ts';

/** Fixed provider latencies (ms). */
export interface FakeLatencies {
  /** `finish()` → final transcript. */
  asrFinalMs: number;
  /** LLM request → first token. */
  llmFirstTokenMs: number;
  /** TTS request → first audio. */
  ttsFirstAudioMs: number;
}

export const ZERO_LATENCY: FakeLatencies = {
  asrFinalMs: 0,
  llmFirstTokenMs: 0,
  ttsFirstAudioMs: 0,
};

export const FAKE_TRANSCRIPT = 'what is the weather like today';
/** Two sentences, ~2.6 s of speech at the fake voice's rate. */
export const FAKE_REPLY = 'It is sunny and warm. A light breeze comes in the afternoon.';

export interface FakeProviders {
  set: ProviderSet;
  asr: FakeAsr;
  llm: FakeLlm;
  tts: FakeTts;
}

/**
 * A relay provider set made of the fakes (one per stage, no failover partner, no health probes),
 * with the relay's default timeouts and breaker settings. With `records` false the fakes keep
 * nothing of their calls (a benchmark's memory is then the relay's own).
 */
export function fakeProviderSet(
  latencies: FakeLatencies,
  onAsrWrite?: (samples: Int16Array) => void,
  reply: FakeLlmOptions['reply'] = FAKE_REPLY,
  records = true,
): FakeProviders {
  const asr = new FakeAsr({
    records,
    transcript: FAKE_TRANSCRIPT,
    finalDelayMs: latencies.asrFinalMs,
    ...(onAsrWrite ? { onWrite: onAsrWrite } : {}),
  });
  const llm = new FakeLlm({
    records,
    reply,
    firstTokenDelayMs: latencies.llmFirstTokenMs,
    tokenIntervalMs: 0,
  });
  const tts = new FakeTts({
    firstAudioDelayMs: latencies.ttsFirstAudioMs,
    msPerChar: 45,
    blockMs: 200,
  });
  const plan = loadProviderPlan({ HEALTH_PROBE_INTERVAL_S: '0' });
  const set = ProviderSet.fromProviders(
    { asr: [asr], llm: [llm], tts: [tts] },
    tts,
    plan,
    logger('bench:providers'),
  );
  return { set, asr, llm, tts };
}
