import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { decodeAudioFrame, FrameKind, parseServerMessage } from '@parley/shared';
import { LAZY_LEAD_MS, REPLY_TEXT_WINDOW_MS, TurnOutputs } from './turn-output.ts';

const RATE_HZ = 16_000;

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
  /** Whether each item of `wire` was sent as lazy (urgency `soon`). */
  let lazy: boolean[];
  let out: TurnOutputs;
  beforeEach(() => {
    vi.useFakeTimers();
    wire = [];
    lazy = [];
    const sink = {
      send: (data: string | Uint8Array, urgency = 'now') =>
        lazy.push(urgency === 'soon') && wire.push(data),
      tell: () => {},
    };
    out = new TurnOutputs(
      () => sink,
      () => Date.now(),
      RATE_HZ,
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

  it('marks a reply lazy only while its audio is far ahead of what the client can have played', () => {
    out.startClock(3);
    const turn = out.for(3);
    const ms = (n: number) => new Int16Array((RATE_HZ * n) / 1000);
    turn.transcript('hi');
    turn.segment(0, 'One.', 0);
    turn.audio(ms(200));
    turn.audio(ms(200));
    // 400 ms sent, none of it played: not more than the lead yet.
    turn.audio(ms(200));
    // 600 ms sent at once: what follows may wait, text included.
    turn.audio(ms(200));
    turn.replyDelta('Two.');
    turn.segment(1, 'Two.', RATE_HZ * 0.8);
    // Playback catches up: 800 ms sent, 500 ms played → 300 ms ahead.
    vi.advanceTimersByTime(500);
    turn.audio(ms(200));
    out.emit(3, (seq) => ({ type: 'reply.truncated', seq, turnId: 3, heard: 'One.' }));
    expect(received(wire).map(([, what], i) => `${what}${lazy[i] ? ' (lazy)' : ''}`)).toEqual([
      'transcript.final hi',
      'reply.segment One.',
      'audio 3200',
      'audio 3200',
      'audio 3200',
      'audio 3200 (lazy)',
      'reply.delta Two. (lazy)',
      'reply.segment Two. (lazy)',
      'audio 3200',
      'reply.truncated',
    ]);
    expect(LAZY_LEAD_MS).toBe(400);
  });

  it('maps an interrupt to words without claiming the audio of a sentence its voice cut off', () => {
    const turn = out.for(5);
    // "Hello there, how are you?" cut after 4,000 samples, a pause, then said again (16,000),
    // then "Fine." (8,000).
    turn.segment(0, 'Hello there, how are you?', 0);
    turn.audio(new Int16Array(4000));
    turn.audio(new Int16Array(4000)); // the pause
    turn.segment(0, 'Hello there, how are you?', 8000);
    turn.audio(new Int16Array(16_000));
    turn.segment(1, 'Fine.', 24_000);
    turn.audio(new Int16Array(8000));
    // In the cut audio or the pause: no word is known to have been heard.
    expect(out.heard(5, 3999)).toBe('');
    expect(out.heard(5, 8000)).toBe('');
    // Halfway through the sentence said again: its first words, once.
    expect(out.heard(5, 16_000)).toBe('Hello there,');
    expect(out.heard(5, 24_000)).toBe('Hello there, how are you?');
    expect(out.heard(5, 32_000)).toBe('Hello there, how are you? Fine.');
  });

  it('never marks output lazy for a turn without a clock', () => {
    const turn = out.for(4);
    for (let i = 0; i < 10; i++) turn.audio(new Int16Array(RATE_HZ));
    expect(lazy.every((l) => !l)).toBe(true);
    expect(wire).toHaveLength(10);
  });
});
