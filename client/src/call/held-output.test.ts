import { describe, expect, it } from 'vitest';
import type { AudioFrame, ServerMessage } from '@parley/shared';
import { HeldOutput, MAX_HELD_FRAMES } from './held-output.ts';

const frame = (seq: number): AudioFrame => ({
  kind: 2,
  seq,
  turnId: 2,
  timestampMs: 0,
  samples: new Int16Array(160),
});
const delta: ServerMessage = { type: 'reply.delta', seq: 1, turnId: 2, text: 'I ' };
const done: ServerMessage = {
  type: 'turn.done',
  seq: 9,
  turnId: 2,
  status: 'completed',
  reply: 'I can.',
  audioSamples: 320,
  timings: {},
};

describe('HeldOutput: a spoken call’s output that came before the call could play it', () => {
  it('keeps the reply’s audio and what tells the call’s turns of it, in order, once', () => {
    const held = new HeldOutput();
    held.message({ type: 'transcript.final', seq: 0, turnId: 2, text: 'can you' });
    held.message(delta);
    held.audio(frame(2));
    held.audio(frame(3));
    held.message(done);
    expect(held.take()).toEqual([
      { kind: 'message', message: delta },
      { kind: 'audio', frame: frame(2) },
      { kind: 'audio', frame: frame(3) },
      { kind: 'message', message: done },
    ]);
    expect(held.take()).toEqual([]);
  });

  it('holds a bounded amount of audio', () => {
    const held = new HeldOutput();
    for (let seq = 0; seq < MAX_HELD_FRAMES + 5; seq++) held.audio(frame(seq));
    expect(held.take()).toHaveLength(MAX_HELD_FRAMES);
  });
});
