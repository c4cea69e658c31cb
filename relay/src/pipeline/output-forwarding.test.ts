import type { ToolTurnEvent } from '@parley/shared';
import { describe, expect, it } from 'vitest';
import { RelayError } from '../errors.ts';
import { HeldOutput } from './held-output.ts';
import { forwardTo } from './output-forwarding.ts';
import type { TurnOutput } from './turn-options.ts';

/** An output that writes down every call it gets, by member name, with its arguments. */
function recording(): { out: Required<TurnOutput>; calls: [string, ...unknown[]][] } {
  const calls: [string, ...unknown[]][] = [];
  const out: Required<TurnOutput> = {
    transcript: (...a) => calls.push(['transcript', ...a]),
    replyDelta: (...a) => calls.push(['replyDelta', ...a]),
    segment: (...a) => calls.push(['segment', ...a]),
    audio: (...a) => calls.push(['audio', ...a]),
    error: (...a) => calls.push(['error', ...a]),
    tool: (...a) => calls.push(['tool', ...a]),
  };
  return { out, calls };
}

const samples = new Int16Array([1, 2]);
const packets = [new Uint8Array([3])];
const err = RelayError.internal('boom');
const event = { type: 'tool.start', callId: 'c', name: 'clock' } as unknown as ToolTurnEvent;

/** Calls every member of `out` once, in order. */
function callEvery(out: TurnOutput): void {
  out.transcript('hi');
  out.replyDelta('Hel');
  out.segment(0, 'Hello.', 0);
  out.audio(samples, packets);
  out.error(err);
  out.tool?.(event);
}

const EVERY = [
  ['transcript', 'hi'],
  ['replyDelta', 'Hel'],
  ['segment', 0, 'Hello.', 0],
  ['audio', samples, packets],
  ['error', err],
  ['tool', event],
];

describe('forwarding a turn output', () => {
  it('forwards every member with its arguments, and only the ones given are replaced', () => {
    const target = recording();
    callEvery(forwardTo(target.out));
    expect(target.calls).toEqual(EVERY);

    const worded = recording();
    callEvery(forwardTo(worded.out, { transcript: () => worded.out.transcript('written') }));
    expect(worded.calls).toEqual([['transcript', 'written'], ...EVERY.slice(1)]);
  });

  it('a held output forwards every member once released, in the order they came', () => {
    const target = recording();
    const held = new HeldOutput();
    callEvery(held);
    expect(target.calls).toEqual([]);
    held.release(target.out);
    expect(target.calls).toEqual(EVERY);
    callEvery(held);
    expect(target.calls).toEqual([...EVERY, ...EVERY]);
  });
});
