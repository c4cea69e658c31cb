import { describe, expect, it } from 'vitest';
import { sessionMetricsOf, timingStatsOf, type SummarisedTurn } from './session-metrics.ts';

const spoken = (timings: Record<string, number>, more: Partial<SummarisedTurn> = {}) => ({
  status: 'completed',
  interrupted: false,
  timings,
  recognised: true,
  ...more,
});

describe('a session summary', () => {
  it('counts its turns, how they ended and the replies cut short', () => {
    const m = sessionMetricsOf([
      spoken({ voiceToVoiceMs: 900 }),
      spoken({}, { interrupted: true }),
      spoken({}, { status: 'failed', interrupted: true }),
      spoken({}, { status: 'empty' }),
    ]);
    expect(m).toMatchObject({ turns: 4, completed: 2, failed: 1, bargeIns: 2 });
  });

  it('gives voice to voice and each stage’s average, minimum and maximum', () => {
    const m = sessionMetricsOf([
      spoken({ voiceToVoiceMs: 900, asrFinalMs: 200, llmFirstTokenMs: 100, relayFirstAudioMs: 5 }),
      spoken({ voiceToVoiceMs: 600, asrFinalMs: 100, llmFirstTokenMs: 300 }),
      // Typed: its ASR timing (the text's arrival) is left out; its LLM timing counts.
      spoken({ asrFinalMs: 0.1, llmFirstTokenMs: 200 }, { recognised: false }),
    ]);
    expect(m.voiceToVoiceMs).toEqual({ count: 2, avgMs: 750, minMs: 600, maxMs: 900 });
    expect(m.stages.asrFinalMs).toEqual({ count: 2, avgMs: 150, minMs: 100, maxMs: 200 });
    expect(m.stages.llmFirstTokenMs).toEqual({ count: 3, avgMs: 200, minMs: 100, maxMs: 300 });
    expect(m.stages.relayFirstAudioMs).toEqual({ count: 1, avgMs: 5, minMs: 5, maxMs: 5 });
    expect(m.stages.ttsFirstAudioMs).toEqual({ count: 0, avgMs: null, minMs: null, maxMs: null });
  });

  it('of a session without turns is all zeros and unknowns', () => {
    expect(sessionMetricsOf([])).toEqual({
      turns: 0,
      completed: 0,
      failed: 0,
      bargeIns: 0,
      voiceToVoiceMs: timingStatsOf([]),
      stages: {
        asrFinalMs: timingStatsOf([]),
        llmFirstTokenMs: timingStatsOf([]),
        ttsFirstAudioMs: timingStatsOf([]),
        relayFirstAudioMs: timingStatsOf([]),
      },
    });
    expect(timingStatsOf([Number.NaN])).toEqual({
      count: 0,
      avgMs: null,
      minMs: null,
      maxMs: null,
    });
  });
});
