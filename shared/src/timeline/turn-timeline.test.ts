import { describe, expect, it } from 'vitest';
import { buildTimeline } from './turn-timeline.ts';

const T = 1_700_000_000_000;
/** The relay's clock runs 2,000.5 ms ahead of the client's. */
const clock = { offsetMs: 2_000.5, errorMs: 3, rttMs: 8, samples: 5 };
const onRelay = (clientMs: number) => clientMs + clock.offsetMs;

const client = {
  speechEndAtMs: T,
  endSentAtMs: T + 500,
  firstAudioReceivedAtMs: T + 905,
  firstSamplePlayedAtMs: T + 930,
};
const relay = {
  endReceivedAtMs: onRelay(T + 504),
  asrFinalAtMs: onRelay(T + 560),
  llmRequestAtMs: onRelay(T + 561),
  llmFirstTokenAtMs: onRelay(T + 700),
  ttsRequestAtMs: onRelay(T + 760),
  ttsFirstAudioAtMs: onRelay(T + 890),
  firstAudioSentAtMs: onRelay(T + 900),
};

describe('buildTimeline', () => {
  it('places the relay marks on the client clock and derives every stage', () => {
    const t = buildTimeline(client, relay, clock);
    expect(t.points.map((p) => p.name)).toEqual([
      'speechEnd',
      'endSent',
      'endReceived',
      'asrFinal',
      'llmRequest',
      'llmFirstToken',
      'ttsRequest',
      'ttsFirstAudio',
      'firstAudioSent',
      'firstAudioReceived',
      'firstSamplePlayed',
    ]);
    const d = Object.fromEntries(t.stages.map((s) => [s.name, Math.round(s.durationMs * 10) / 10]));
    expect(d).toEqual({
      endpointing: 500,
      uplink: 4,
      asr: 56,
      llmTtft: 139,
      ttsTtfb: 130,
      downlink: 5,
      playbackBuffer: 25,
      voiceToVoice: 930,
    });
  });

  it('carries the clock error only on stages that cross clocks', () => {
    const t = buildTimeline(client, relay, clock);
    const err = Object.fromEntries(t.stages.map((s) => [s.name, s.errorMs]));
    expect(err.uplink).toBe(3);
    expect(err.downlink).toBe(3);
    expect(err.asr).toBe(0);
    expect(err.voiceToVoice).toBe(0);
  });

  it('shows client stages only when the clock is not known yet', () => {
    const t = buildTimeline(client, relay, null);
    expect(t.points.some((p) => p.relay)).toBe(false);
    expect(t.stages.map((s) => s.name)).toEqual(['endpointing', 'playbackBuffer', 'voiceToVoice']);
  });

  it('keeps a speculative answer that started before the end of speech in order', () => {
    const t = buildTimeline(client, { ...relay, llmRequestAtMs: onRelay(T - 200) }, clock);
    expect(t.points[0]?.name).toBe('llmRequest');
    expect(t.stages.find((s) => s.name === 'llmTtft')?.durationMs).toBeCloseTo(900);
  });
});
