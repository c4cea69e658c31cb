import { describe, expect, it } from 'vitest';
import {
  connectionsMarkdown,
  summariseConnections,
  type ConnectionOutcome,
} from './connections-report.ts';
import { hostedOutcome } from './outcome.test-kit.ts';

const outcome = (over: Partial<ConnectionOutcome>): ConnectionOutcome => ({
  ...hostedOutcome(),
  mode: 'warm',
  turn: 'first',
  connectionsAfterSpeech: 0,
  ...over,
});

describe('bench:hosted --connect-ms report', () => {
  it('sums up each mode and turn apart, connections after the end of speech per turn', () => {
    const summary = summariseConnections([
      outcome({ voiceToVoiceMs: 700 }),
      outcome({ voiceToVoiceMs: 900 }),
      outcome({ turn: 'later', voiceToVoiceMs: 750 }),
      outcome({ mode: 'cold', voiceToVoiceMs: 1100, connectionsAfterSpeech: 2 }),
      outcome({ mode: 'cold', voiceToVoiceMs: 1000, connectionsAfterSpeech: 1 }),
    ]);
    expect(
      summary.map((s) => [s.mode, s.turn, s.utterances, s.v2vMedianMs, s.connectionsAfterSpeech]),
    ).toEqual([
      ['warm', 'first', 2, 700, 0],
      ['warm', 'later', 1, 750, 0],
      ['cold', 'first', 2, 1000, 1.5],
    ]);
  });

  it('writes a row per setting, what the mode is in words, unknown figures as a dash', () => {
    const md = connectionsMarkdown([outcome({ mode: 'node', voiceToVoiceMs: null })], {
      command: 'pnpm bench:hosted --connect-ms 150',
      machine: 'test',
      load: '0',
      reply: 'Yes.',
      connectMs: 150,
      https: true,
      pauseMs: 0,
    });
    expect(md).toContain(
      "| 400 / 200 ms | policy | node's fetch default: kept alive 4 s, not opened ahead | first | 1 | **—** | — | 500 ms | 0.00 |",
    );
    expect(md).toContain('over HTTPS');
  });
});
