import { describe, expect, it } from 'vitest';
import { summariseTools, toolsMarkdown, type ToolOutcome } from './report.ts';

const outcome = (over: Partial<ToolOutcome>): ToolOutcome => ({
  scenario: 'none',
  text: 'what time is it',
  voice: 'slt',
  voiceToVoiceMs: 800,
  answerAudioMs: 800,
  longestSilenceMs: 800,
  toolSilenceMs: null,
  progressMs: null,
  llmRequests: 1,
  ...over,
});

describe('bench:tools report', () => {
  it('sums up each scenario apart: medians, the worst silence, requests per turn', () => {
    const summary = summariseTools([
      outcome({ longestSilenceMs: 700, llmRequests: 2 }),
      outcome({ longestSilenceMs: 900 }),
      outcome({ scenario: 'slow-spoken', longestSilenceMs: 1000, progressMs: 1100 }),
    ]);
    expect(summary).toMatchObject([
      { scenario: 'none', utterances: 2, longestSilenceMaxMs: 900, llmRequestsPerTurn: 1.5 },
      { scenario: 'slow-spoken', progressMedianMs: 1100, longestSilenceMedianMs: 1000 },
    ]);
  });

  it('writes a row per scenario, unknown figures as a dash', () => {
    const md = toolsMarkdown([outcome({ answerAudioMs: null })], {
      command: 'pnpm bench:tools',
      machine: 'test',
      load: '0',
      latency: '400/200',
      reply: 'Yes.',
    });
    expect(md).toContain(
      '| no tool: the model answers | 1 | **800 ms** | — | — | 800 ms | 800 ms | **—** | — | — | 1.00 |',
    );
  });
});
