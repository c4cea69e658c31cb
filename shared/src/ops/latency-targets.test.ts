import { describe, expect, it } from 'vitest';
import { latencyTargetsReportOf, statsAgainstTarget } from './latency-targets.ts';

describe('a timing against its target', () => {
  it('is met when p90 is within the target, and says the share of turns within', () => {
    // Ten turns: nine fast, one slow. p90 (nearest rank: the 9th of 10) is the fastest nine's max.
    const values = [100, 110, 120, 130, 140, 150, 160, 170, 480, 2000];
    const s = statsAgainstTarget(values, 500);
    expect(s).toEqual({
      targetMs: 500,
      count: 10,
      avgMs: 356,
      p50Ms: 140,
      p90Ms: 480,
      p99Ms: 2000,
      withinShare: 0.9,
      met: true,
    });
  });

  it('is not met when more than a tenth of the turns are over it', () => {
    const s = statsAgainstTarget([100, 200, 600, 700], 500);
    expect(s.p90Ms).toBe(700);
    expect(s.withinShare).toBe(0.5);
    expect(s.met).toBe(false);
  });

  it('counts a turn exactly on the target as within it', () => {
    expect(statsAgainstTarget([500], 500)).toMatchObject({ withinShare: 1, met: true });
  });

  it('knows nothing without turns (neither met nor missed), and ignores non-finite values', () => {
    expect(statsAgainstTarget([Number.NaN, Infinity], 300)).toEqual({
      targetMs: 300,
      count: 0,
      avgMs: null,
      p50Ms: null,
      p90Ms: null,
      p99Ms: null,
      withinShare: null,
      met: null,
    });
  });
});

describe('the window report', () => {
  it('takes each timing from the turns that have it', () => {
    const r = latencyTargetsReportOf({
      samples: [
        { asrFinalMs: 400, llmFirstTokenMs: 250, ttsFirstAudioMs: 150, voiceToVoiceMs: 900 },
        // A typed turn: no recognition, no voice to voice.
        { llmFirstTokenMs: 350, ttsFirstAudioMs: 150 },
      ],
      targets: {
        asrFinalMs: 500,
        llmFirstTokenMs: 300,
        ttsFirstAudioMs: 200,
        voiceToVoiceMs: 1000,
      },
      windowSessions: 100,
      sessions: 2,
      atMs: 5,
    });
    expect(r).toMatchObject({ atMs: 5, windowSessions: 100, sessions: 2, turns: 2 });
    expect(r.timings.asrFinalMs).toMatchObject({ count: 1, met: true });
    expect(r.timings.llmFirstTokenMs).toMatchObject({
      count: 2,
      avgMs: 300,
      p90Ms: 350,
      withinShare: 0.5,
      met: false,
    });
    expect(r.timings.voiceToVoiceMs).toMatchObject({ count: 1, targetMs: 1000, met: true });
  });
});
