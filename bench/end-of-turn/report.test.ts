import { describe, expect, it } from 'vitest';
import { endOfTurnMarkdown, reasonKind, summarise, type Outcome } from './report.ts';

const outcome = (o: Partial<Outcome>): Outcome => ({
  rule: 'policy',
  kind: 'complete',
  voice: 'slt',
  text: 'what time is it',
  heard: ['what time is it'],
  turns: 1,
  endpointingMs: 300,
  voiceToVoiceMs: 400,
  endOfTurn: { waitMs: 250, kind: 'complete', reason: 'complete question' },
  firstEndOfTurn: { waitMs: 250, kind: 'complete', reason: 'complete question' },
  ...o,
});

describe('the end-of-turn report', () => {
  const outcomes = [
    outcome({}),
    outcome({ voiceToVoiceMs: 600, endpointingMs: 900 }),
    outcome({
      kind: 'paused',
      turns: 2,
      voiceToVoiceMs: null,
      heard: ['book a', 'table'],
      pauseWords: ['book', 'book a'],
    }),
    outcome({ kind: 'paused' }),
    outcome({ rule: 'fixed', voiceToVoiceMs: 700, endpointingMs: 520 }),
  ];

  it('counts long waits among complete utterances and premature ends among paused ones', () => {
    expect(summarise(outcomes, 'policy')).toEqual({
      rule: 'policy',
      complete: 2,
      paused: 2,
      v2vMedianMs: 400,
      v2vP90Ms: 600,
      pausedV2vMedianMs: 400,
      pausedV2vP90Ms: 400,
      waitMedianMs: 300,
      waitedPast700: 1,
      premature: 1,
    });
    expect(summarise(outcomes, 'fixed')).toMatchObject({ complete: 1, v2vMedianMs: 700 });
  });

  it('lists what the policy misjudged, with what was heard', () => {
    const md = endOfTurnMarkdown(outcomes, { command: 'x', machine: 'm', load: 'l', minutes: 1 });
    expect(md).toContain(
      '| policy, words and voice | 400 ms / 600 ms | 400 ms / 400 ms | 300 ms | 1/2 (50 %) | 1/2 (50 %) |',
    );
    // A rule the run left out has no row.
    expect(md).toContain('| fixed 500 ms |');
    expect(md).not.toContain('| policy, words only |');
    expect(md).toContain(
      '- paused "what time is it" (slt): heard "book a" + "table"; at the pause "book" then "book a"; 250 ms, complete question',
    );
  });

  it('counts decisions of one kind together, whatever was measured of the voice', () => {
    expect(reasonKind('complete statement; pitch falling 3.2 st, long last syllable')).toBe(
      'complete statement',
    );
    expect(
      reasonKind(
        'complete question; voice goes on (level pitch, short last syllable); you pause ~900 ms',
      ),
    ).toBe('complete question; voice goes on; your pauses');
  });
});
