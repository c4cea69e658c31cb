import { describe, expect, it } from 'vitest';
import { breakDown, STAGES } from './breakdown.ts';

const LATENCIES = { asrFinalMs: 100, llmFirstTokenMs: 200, ttsFirstAudioMs: 100 };

describe('breakDown', () => {
  it('splits voice-to-voice into endpointing, providers and our stages, which add up', () => {
    const t = 1_000_000;
    const b = breakDown(
      { speechEndAtMs: t, endSentAtMs: t + 500, firstAudioAtMs: t + 912 },
      {
        endReceivedAtMs: t + 501,
        asrFinalAtMs: t + 602,
        llmRequestAtMs: t + 603,
        llmFirstTokenAtMs: t + 804,
        ttsRequestAtMs: t + 806,
        ttsFirstAudioAtMs: t + 909,
        firstAudioSentAtMs: t + 910,
      },
      LATENCIES,
    );
    expect(b).not.toBeNull();
    if (!b) return;
    expect(b.voiceToVoiceMs).toBe(912);
    expect(b.endpointingMs).toBe(500);
    expect(b.overheadMs).toBe(12);
    expect(b.stages).toEqual({
      uplink: 1,
      asr: 1,
      toLlm: 1,
      llm: 1,
      toTts: 2,
      tts: 3,
      toSend: 1,
      downlink: 2,
    });
    expect(STAGES.reduce((n, k) => n + b.stages[k], 0)).toBe(b.overheadMs);
  });

  it('is null when the turn skipped a stage', () => {
    expect(
      breakDown(
        { speechEndAtMs: 0, endSentAtMs: 500, firstAudioAtMs: 900 },
        { endReceivedAtMs: 501 },
        LATENCIES,
      ),
    ).toBeNull();
  });
});
