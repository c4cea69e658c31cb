import { describe, expect, it } from 'vitest';
import { CHUNK_SAMPLES, FrameKind } from '@parley/shared';
import { KeptSamples } from '../../audio/kept-samples.ts';
import { FakeAsr } from '../../../test/fakes/providers/asr.ts';
import { Utterance } from './utterance.ts';

/** An utterance of turn 2 from seq 10, its recogniser a fake that hears nothing. */
function utterance() {
  const abort = new AbortController();
  const asr = new FakeAsr({ transcript: '', finalDelayMs: 0 });
  const stream = asr.start({ sampleRateHz: 16_000, signal: abort.signal });
  const u = new Utterance(2, new KeptSamples(100 * CHUNK_SAMPLES), stream, abort, 10);
  const frame = (seq: number) =>
    u.accept({
      kind: FrameKind.Mic,
      seq,
      turnId: 2,
      timestampMs: 0,
      samples: new Int16Array(CHUNK_SAMPLES),
    });
  return { u, frame };
}

describe('Utterance.lastSeqWithin (issue 63, item 9)', () => {
  it('says the last seq whose audio lies wholly within what the recogniser had read', () => {
    const { u, frame } = utterance();
    for (const seq of [10, 11, 12]) frame(seq);
    expect(u.lastSeqWithin(0)).toBeNull();
    expect(u.lastSeqWithin(99)).toBeNull();
    expect(u.lastSeqWithin(100)).toBe(10);
    expect(u.lastSeqWithin(250)).toBe(11);
    // Never past the frames it was given.
    expect(u.lastSeqWithin(900)).toBe(12);
  });

  it('counts over a gap: the missing seqs never reached the recogniser', () => {
    const { u, frame } = utterance();
    for (const seq of [10, 11, 15, 16]) frame(seq);
    expect(u.lastSeqWithin(200)).toBe(11);
    expect(u.lastSeqWithin(300)).toBe(15);
    expect(u.lastSeqWithin(400)).toBe(16);
  });
});
