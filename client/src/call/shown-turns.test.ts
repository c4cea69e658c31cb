import { MAX_SHOWN_TURNS, type ShownMessage } from '@parley/shared';
import { describe, expect, it } from 'vitest';
import { ShownTurns } from './shown-turns.ts';

const words = (turnId: number, seq: number, text = 'hello'): ShownMessage => ({
  type: 'transcript.final',
  seq,
  turnId,
  text,
});
const delta = (turnId: number, seq: number, text: string): ShownMessage => ({
  type: 'reply.delta',
  seq,
  turnId,
  text,
});
const done = (turnId: number, seq: number): ShownMessage => ({
  type: 'turn.done',
  seq,
  turnId,
  status: 'completed',
  reply: 'Hi there.',
  audioSamples: 16_000,
  timings: {},
});

describe('ShownTurns: the conversation as shown, for the next page', () => {
  it('keeps each turn’s words, its reply in one piece, what was heard of it, and its end', () => {
    const s = new ShownTurns();
    for (const m of [
      words(1, 0),
      { type: 'transcript.partial', turnId: 2, text: 'and' } as const,
      delta(1, 1, 'Hi '),
      delta(1, 2, 'there.'),
      { type: 'reply.truncated', seq: 3, turnId: 1, heard: 'Hi' } as const,
      done(1, 4),
    ])
      s.message(m);
    expect(s.shown()).toEqual([
      {
        turnId: 1,
        messages: [
          words(1, 0),
          delta(1, 2, 'Hi there.'),
          { type: 'reply.truncated', seq: 3, turnId: 1, heard: 'Hi' },
          done(1, 4),
        ],
      },
    ]);
  });

  it('starts a turn answered again over from its words, and goes on from the page before', () => {
    const s = new ShownTurns([{ turnId: 1, messages: [words(1, 0), done(1, 1)] }]);
    s.message(words(2, 2));
    s.message(delta(2, 3, 'first answer'));
    // A restarted relay answers turn 2 again, from its words.
    s.message(words(2, 10));
    s.message(delta(2, 11, 'second answer'));
    expect(s.shown()).toEqual([
      { turnId: 1, messages: [words(1, 0), done(1, 1)] },
      { turnId: 2, messages: [words(2, 10), delta(2, 11, 'second answer')] },
    ]);
  });

  it('keeps the latest turns only', () => {
    const s = new ShownTurns();
    for (let t = 1; t <= MAX_SHOWN_TURNS + 5; t++) s.message(words(t, t));
    const shown = s.shown();
    expect(shown).toHaveLength(MAX_SHOWN_TURNS);
    expect(shown[0]?.turnId).toBe(6);
  });
});
