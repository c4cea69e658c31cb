import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { decodeAudioFrame, FrameKind, parseServerMessage } from '@parley/shared';
import { REPLY_TEXT_WINDOW_MS, TurnOutputs } from './turn-output.ts';

/** What the client received, in order: `[seq, what]`. */
function received(wire: (string | Uint8Array)[]): [number, string][] {
  return wire.map((data) => {
    if (typeof data !== 'string') {
      const frame = decodeAudioFrame(data, FrameKind.Reply);
      if (!frame.ok) throw new Error(frame.error.message);
      return [frame.value.seq, `audio ${frame.value.samples.length}`];
    }
    const m = parseServerMessage(data);
    if (!m.ok) throw new Error(m.error.message);
    const v = m.value as { seq: number; type: string; text?: string };
    return [v.seq, v.text === undefined ? v.type : `${v.type} ${v.text}`];
  });
}

describe('TurnOutputs', () => {
  let wire: (string | Uint8Array)[];
  let out: TurnOutputs;
  beforeEach(() => {
    vi.useFakeTimers();
    wire = [];
    const sink = {
      sendText: (t: string) => wire.push(t),
      sendBinary: (b: Uint8Array) => wire.push(b),
      sendJson: () => {},
    };
    out = new TurnOutputs(
      () => sink,
      () => Date.now(),
    );
  });
  afterEach(() => vi.useRealTimers());

  it('joins streamed reply text per window, always ahead of the audio and marks after it', () => {
    const turn = out.for(1);
    turn.transcript('hello');
    turn.replyDelta('It ');
    turn.replyDelta('is ');
    turn.replyDelta('sunny. ');
    turn.segment(0, 'It is sunny.', 0);
    turn.audio(new Int16Array(160));
    turn.replyDelta('A ');
    turn.replyDelta('breeze.');
    vi.advanceTimersByTime(REPLY_TEXT_WINDOW_MS);
    out.emit(1, (seq) => ({ type: 'reply.truncated', seq, turnId: 1, heard: 'It is' }));
    expect(received(wire)).toEqual([
      [0, 'transcript.final hello'],
      [1, 'reply.delta It '],
      [2, 'reply.delta is sunny. '],
      [3, 'reply.segment It is sunny.'],
      [4, 'audio 160'],
      [5, 'reply.delta A breeze.'],
      [6, 'reply.truncated'],
    ]);
  });

  it('keeps held text for resumes: the journal has every piece, in order', () => {
    const turn = out.for(2);
    turn.replyDelta('One ');
    turn.replyDelta('two ');
    turn.replyDelta('three.');
    const texts = out.journalEntries().map((e) => JSON.parse(e.data as string) as { text: string });
    expect(texts.map((t) => t.text).join('')).toBe('One two three.');
    expect(out.seq).toBe(2);
  });
});
