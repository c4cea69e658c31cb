import { describe, expect, it } from 'vitest';
import { FrameKind, type AudioFrame } from '../protocol/codec.ts';
import type { OpusFrame } from '../protocol/opus-frame.ts';
import type { ServerMessage } from '../protocol/messages.ts';
import { RerunFilter } from './rerun-filter.ts';

const transcript = (turnId: number): ServerMessage => ({
  type: 'transcript.final',
  seq: 0,
  turnId,
  text: 'hello',
});
const delta = (turnId: number, text: string): ServerMessage => ({
  type: 'reply.delta',
  seq: 0,
  turnId,
  text,
});
const done = (turnId: number): ServerMessage => ({
  type: 'turn.done',
  seq: 0,
  turnId,
  status: 'completed',
  reply: 'Hi there.',
  audioSamples: 0,
  timings: {},
});
const audio = (turnId: number, n: number): AudioFrame => ({
  kind: FrameKind.Reply,
  seq: 0,
  turnId,
  timestampMs: 0,
  samples: Int16Array.from({ length: n }, (_, i) => i),
});

/** `packets` Opus packets of 20 ms (CELT fullband: TOC config 31, one frame each). */
const opus = (turnId: number, packets: number): OpusFrame => ({
  kind: FrameKind.Reply,
  seq: 0,
  turnId,
  timestampMs: 0,
  packets: Array.from({ length: packets }, (_, i) => Uint8Array.of(31 << 3, i)),
  samples48k: packets * 960,
});

/** What passes: texts of deltas, sample counts of frames, other message types. */
function pass(
  f: RerunFilter,
  items: (ServerMessage | AudioFrame | OpusFrame)[],
): (string | number)[] {
  return items.flatMap((x): (string | number)[] => {
    if ('kind' in x) {
      const kept = f.audio(x);
      if (!kept) return [];
      return ['samples' in kept ? kept.samples.length : kept.samples48k];
    }
    const kept = f.message(x);
    if (!kept) return [];
    return [kept.type === 'reply.delta' ? kept.text : kept.type];
  });
}

describe('RerunFilter', () => {
  it('passes a turn answered once untouched', () => {
    const f = new RerunFilter();
    expect(pass(f, [transcript(1), delta(1, 'Hi'), audio(1, 10), done(1)])).toEqual([
      'transcript.final',
      'Hi',
      10,
      'turn.done',
    ]);
  });

  it('lines a second answer up with the first: text split mid-delta, audio mid-frame', () => {
    const f = new RerunFilter();
    pass(f, [transcript(1), delta(1, 'Hi th'), audio(1, 10), audio(1, 5)]);
    expect(pass(f, [transcript(1), delta(1, 'Hi there.'), audio(1, 12), audio(1, 8)])).toEqual([
      'ere.',
      5,
    ]);
    expect(pass(f, [audio(1, 4), done(1)])).toEqual([4, 'turn.done']);
  });

  it('lines up Opus by whole packets: what was received ends on a packet’s edge', () => {
    const f = new RerunFilter();
    pass(f, [transcript(1), opus(1, 5)]);
    // The second answer: 3 packets (all heard), then 5 of which the first 2 were heard.
    const rerun = [transcript(1), opus(1, 3), opus(1, 5)];
    const kept: unknown[] = [];
    for (const x of rerun) {
      const out = 'kind' in x ? f.audio(x) : f.message(x);
      if (out && 'packets' in out) kept.push(out.packets.map((p) => p[1]));
    }
    expect(kept).toEqual([[2, 3, 4]]);
    expect(pass(f, [opus(1, 1), done(1)])).toEqual([960, 'turn.done']);
  });

  it('drops all of a second answer to a turn that was already done', () => {
    const f = new RerunFilter();
    pass(f, [transcript(1), delta(1, 'Hi'), audio(1, 10), done(1)]);
    expect(pass(f, [transcript(1), delta(1, 'Hi'), audio(1, 10), done(1)])).toEqual([]);
  });

  it('keeps what follows a done turn (a truncation after an interrupt, the next turn)', () => {
    const f = new RerunFilter();
    pass(f, [transcript(1), done(1)]);
    const truncated: ServerMessage = { type: 'reply.truncated', seq: 0, turnId: 1, heard: 'Hi' };
    expect(pass(f, [truncated, transcript(2), delta(2, 'Yes')])).toEqual([
      'reply.truncated',
      'transcript.final',
      'Yes',
    ]);
  });

  it('passes a segment the relay sends again (its voice broke off), drops one a rerun repeats', () => {
    const f = new RerunFilter();
    const segment = (index: number, startSample: number): ServerMessage => ({
      type: 'reply.segment',
      seq: 0,
      turnId: 1,
      index,
      text: 'Hi there.',
      startSample,
    });
    expect(pass(f, [transcript(1), segment(0, 0), audio(1, 10), segment(0, 10)])).toEqual([
      'transcript.final',
      'reply.segment',
      10,
      'reply.segment',
    ]);
    expect(pass(f, [transcript(1), segment(0, 0), audio(1, 10), segment(1, 10)])).toEqual([
      'reply.segment',
    ]);
  });

  it('forgets everything on reset (a new session)', () => {
    const f = new RerunFilter();
    pass(f, [transcript(1), done(1)]);
    f.reset();
    expect(pass(f, [transcript(1), delta(1, 'Hi')])).toEqual(['transcript.final', 'Hi']);
  });
});
