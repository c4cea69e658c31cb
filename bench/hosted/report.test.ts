import { describe, expect, it } from 'vitest';
import { hostedOutcome } from './outcome.test-kit.ts';
import { hostedMarkdown, summarise } from './report.ts';

const outcome = hostedOutcome;

describe('bench:hosted report', () => {
  it('sums up each latency setting and rule apart, requests per answered turn', () => {
    const summary = summarise([
      outcome({ voiceToVoiceMs: 700, llmRequests: 2 }),
      outcome({ voiceToVoiceMs: 900 }),
      outcome({ rule: 'fixed', voiceToVoiceMs: 1000 }),
      outcome({ latency: { firstTokenMs: 150, firstSpeechMs: 100 }, voiceToVoiceMs: 400 }),
    ]);
    expect(summary.map((s) => [s.latency.firstTokenMs, s.rule, s.v2vMedianMs])).toEqual([
      [400, 'policy', 700],
      [400, 'fixed', 1000],
      [150, 'policy', 400],
    ]);
    expect(summary[0]).toMatchObject({ llmRequestsPerTurn: 1.5, floorMs: 600, utterances: 2 });
  });

  it('writes a row per setting, unknown figures as a dash', () => {
    const md = hostedMarkdown([outcome({ voiceToVoiceMs: null, endToFirstAudioMs: null })], {
      command: 'pnpm bench:hosted',
      machine: 'test',
      load: '0',
      reply: 'Yes.',
    });
    expect(md).toContain(
      '| 400 / 200 ms | policy | 1 | **—** | — | — | 300 ms | 450 ms | 600 ms | 1.00 |',
    );
  });
});
