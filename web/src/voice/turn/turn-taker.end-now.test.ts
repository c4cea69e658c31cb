import { describe, expect, it } from 'vitest';
import { conversation } from './turn-taker.conversation.test-kit.ts';

describe('TurnTaker ends a turn when its policy decides, not when the VAD worker answers', () => {
  it('sends the end at the decision; the worker’s speechEnd that follows ends nothing more', () => {
    const c = conversation('balanced', 'full', undefined, 'when told')
      .talk(1150)
      .pause(1500, 'what time is it', 100);
    // As with a worker that answers at once (turn-taker.end-of-turn.test.ts, the first test).
    expect(c.wire).toEqual(['start', 'pause@1248', 'end@1408']);
    expect(c.endAsked).toBeGreaterThan(0);
    expect(c.endOfTurn()).toEqual({ waitMs: 250, reason: 'complete question' });
    c.vadAnswers();
    expect(c.wire).toEqual(['start', 'pause@1248', 'end@1408']);
  });

  it('takes the next utterance as a turn of its own after the worker’s late answer', () => {
    const c = conversation('balanced', 'full', undefined, 'when told')
      .talk(1150)
      .pause(400, 'what time is it', 100)
      .vadAnswers()
      .talk(900)
      .pause(1500, 'and tomorrow', 100);
    expect(c.wire.filter((w) => w === 'start' || w.startsWith('end@'))).toEqual([
      'start',
      'end@1408',
      'start',
      expect.stringMatching(/^end@/),
    ]);
  });
});
