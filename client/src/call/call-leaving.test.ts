import { describe, expect, it } from 'vitest';
import type { TurnPlayback } from '../audio/turn-playback.ts';
import { replyBeingHeard } from './call-leaving.ts';

/** A turn's playback at a 48 kHz context, its reply sent at 16 kHz. */
const turn = (turnId: number, more: Partial<TurnPlayback>): TurnPlayback => ({
  turnId,
  enqueuedSamples: 96_000,
  playedSamples: 0,
  nonSilentSamples: 0,
  ended: false,
  stopped: false,
  underruns: 0,
  sourceRateHz: 16_000,
  sourceSamples: 32_000,
  ...more,
});
const heard = (...turns: TurnPlayback[]) => replyBeingHeard(turns, 48_000, 16_000);

describe('replyBeingHeard: the reply cut as the page goes away', () => {
  it('is the reply playing, with what was heard of it at the relay’s rate', () => {
    expect(heard(turn(3, { playedSamples: 48_000 }))).toEqual({ turnId: 3, playedSamples: 16_000 });
    // All its audio came, not all of it played yet.
    expect(heard(turn(3, { playedSamples: 48_000, ended: true }))).toEqual({
      turnId: 3,
      playedSamples: 16_000,
    });
  });

  it('is none when the latest reply was heard to its end, none began, or it was stopped', () => {
    expect(heard(turn(3, { playedSamples: 96_000, ended: true }))).toBeNull();
    // The answer still to come is heard on the next page.
    expect(heard(turn(3, { playedSamples: 96_000, ended: true }), turn(4, {}))).toBeNull();
    expect(heard(turn(3, { playedSamples: 48_000, stopped: true }))).toBeNull();
    expect(heard()).toBeNull();
  });
});
