import { describe, expect, it } from 'vitest';
import type { TurnResult } from '../../pipeline/turn.ts';
import { timedFromEnd } from './turn-end.ts';

const result = (llmRequestAtMs?: number): TurnResult => ({
  status: 'completed',
  servedBy: {},
  marks: llmRequestAtMs === undefined ? {} : { llmRequestAtMs },
  transcript: 'what time is it',
  reply: 'Noon.',
  audioSamples: 0,
  timings: {},
});

describe('a turn timed from its end', () => {
  it('says when the answer was asked for after the end of speech: before it, at a pause, negative', () => {
    // utterance.end came at 10,000 (relay clock), 300 ms after the speech ended (client clock).
    const clock = { endAt: 10_000, asrAt: 0, endOfTurnMs: 300 };
    // Asked for at the pause, 100 ms into the silence: 200 ms before the turn ended.
    expect(timedFromEnd(result(9_800), clock, undefined).timings.llmRequestAfterSpeechMs).toBe(100);
    expect(timedFromEnd(result(9_500), clock, undefined).timings.llmRequestAfterSpeechMs).toBe(
      -200,
    );
    // Asked for after the final transcript.
    expect(timedFromEnd(result(10_250.25), clock, undefined).timings).toMatchObject({
      llmRequestAfterSpeechMs: 550.3,
    });
  });

  it('says nothing of it without a request, or without the client’s end of speech (a typed turn)', () => {
    const clock = { endAt: 10_000, asrAt: 0 };
    expect(timedFromEnd(result(9_800), clock, undefined).timings).toEqual({});
    expect(timedFromEnd(result(), { ...clock, endOfTurnMs: 300 }, undefined).timings).toEqual({});
  });
});
