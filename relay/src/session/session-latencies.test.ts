import { describe, expect, it } from 'vitest';
import type { FinishedTurn } from '../observability/turn-observer.ts';
import { SessionLatencies } from './session-latencies.ts';

function turn(
  input: FinishedTurn['input'],
  timings: FinishedTurn['result']['timings'],
  status: FinishedTurn['result']['status'] = 'completed',
): FinishedTurn {
  return {
    sessionId: 's1',
    turnId: 1,
    input,
    result: {
      status,
      transcript: 'hi',
      reply: '',
      audioSamples: 0,
      timings,
      marks: {},
      servedBy: {},
    },
    errors: [],
    audio: null,
    doneAtMs: 0,
  };
}

describe('SessionLatencies', () => {
  it('sums a session’s turns: how many of each status, median and p95 of each latency', () => {
    const s = new SessionLatencies();
    expect(s.summary()).toEqual({
      turns: 0,
      statuses: {},
      latencies: {
        asrFinalMs: { count: 0, p50: null, p95: null },
        llmFirstTokenMs: { count: 0, p50: null, p95: null },
        ttsFirstAudioMs: { count: 0, p50: null, p95: null },
        relayFirstAudioMs: { count: 0, p50: null, p95: null },
        voiceToVoiceMs: { count: 0, p50: null, p95: null },
      },
    });
    for (let i = 1; i <= 20; i++)
      s.turnFinished(
        turn('spoken', {
          asrFinalMs: i * 10,
          llmFirstTokenMs: 300 + i,
          ttsFirstAudioMs: 80,
          relayFirstAudioMs: 500 + i * 10.04,
        }),
      );
    // A typed turn's asrFinalMs is its text's arrival, no recognition.
    s.turnFinished(turn('typed', { asrFinalMs: 0.1, llmFirstTokenMs: 900 }, 'failed'));
    s.voiceToVoice(0.8);
    s.voiceToVoice(1.25);
    const { turns, statuses, latencies } = s.summary();
    expect(turns).toBe(21);
    expect(statuses).toEqual({ completed: 20, failed: 1 });
    expect(latencies.asrFinalMs).toEqual({ count: 20, p50: 100, p95: 190 });
    expect(latencies.llmFirstTokenMs).toEqual({ count: 21, p50: 311, p95: 320 });
    expect(latencies.ttsFirstAudioMs).toEqual({ count: 20, p50: 80, p95: 80 });
    expect(latencies.relayFirstAudioMs).toEqual({ count: 20, p50: 600.4, p95: 690.8 });
    expect(latencies.voiceToVoiceMs).toEqual({ count: 2, p50: 800, p95: 1250 });
  });
});
