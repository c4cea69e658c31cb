import type { TurnMarks } from '@parley/shared';
import type { FakeLatencies } from '../../relay/test/fakes/providers/provider-set.ts';

/** What the client saw of one turn (epoch ms on this machine's clock). */
export interface ClientTimes {
  /** The last speech sample of the utterance. */
  speechEndAtMs: number;
  /** `utterance.end` sent (after the endpointing silence). */
  endSentAtMs: number;
  /** First reply audio frame received. */
  firstAudioAtMs: number;
}

/** Where the time between `utterance.end` sent and first reply audio received went (ms). */
export interface TurnBreakdown {
  voiceToVoiceMs: number;
  endpointingMs: number;
  providersMs: number;
  /** voice-to-voice − endpointing − provider latencies: what our code (and the network) adds. */
  overheadMs: number;
  /** The overhead, stage by stage (sums to `overheadMs`). */
  stages: {
    /** `utterance.end` sent → received by the relay. */
    uplink: number;
    /** Around the recogniser: end received → final text, less its latency. */
    asr: number;
    /** Final text → LLM request (history, prompt, budget check). */
    toLlm: number;
    /** Around the LLM: request → first token, less its latency. */
    llm: number;
    /** First token → first sentence to TTS (waiting for the sentence to complete, splitting). */
    toTts: number;
    /** Around the TTS: request → first audio, less its latency. */
    tts: number;
    /** First TTS audio → its first frame sent (framing, resampling, encoding). */
    toSend: number;
    /** First frame sent → received by the client. */
    downlink: number;
  };
}

export const STAGES = [
  'uplink',
  'asr',
  'toLlm',
  'llm',
  'toTts',
  'tts',
  'toSend',
  'downlink',
] as const satisfies readonly (keyof TurnBreakdown['stages'])[];

/**
 * Splits one turn's voice-to-voice time with the relay's marks (same clock: one machine); null
 * when a mark is missing (the turn did not go through every stage).
 */
export function breakDown(
  client: ClientTimes,
  marks: TurnMarks,
  latencies: FakeLatencies,
): TurnBreakdown | null {
  const {
    endReceivedAtMs: end,
    asrFinalAtMs: asr,
    llmRequestAtMs: llmReq,
    llmFirstTokenAtMs: token,
    ttsRequestAtMs: ttsReq,
    ttsFirstAudioAtMs: audio,
    firstAudioSentAtMs: sent,
  } = marks;
  if (
    end === undefined ||
    asr === undefined ||
    llmReq === undefined ||
    token === undefined ||
    ttsReq === undefined ||
    audio === undefined ||
    sent === undefined
  )
    return null;
  const voiceToVoiceMs = client.firstAudioAtMs - client.speechEndAtMs;
  const endpointingMs = client.endSentAtMs - client.speechEndAtMs;
  const providersMs = latencies.asrFinalMs + latencies.llmFirstTokenMs + latencies.ttsFirstAudioMs;
  return {
    voiceToVoiceMs,
    endpointingMs,
    providersMs,
    overheadMs: voiceToVoiceMs - endpointingMs - providersMs,
    stages: {
      uplink: end - client.endSentAtMs,
      asr: asr - end - latencies.asrFinalMs,
      toLlm: llmReq - asr,
      llm: token - llmReq - latencies.llmFirstTokenMs,
      toTts: ttsReq - token,
      tts: audio - ttsReq - latencies.ttsFirstAudioMs,
      toSend: sent - audio,
      downlink: client.firstAudioAtMs - sent,
    },
  };
}
