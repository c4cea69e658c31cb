import { describe, expect, it } from 'vitest';
import type { BargeInDecision } from '@parley/shared';
import { HOLD_END_MS } from '@parley/shared';
import { BargeInHold } from './barge-in-hold.ts';
import { SoundOverReply } from './sound-over-reply.ts';

const unsure: BargeInDecision = { action: 'resume', reason: 'too few words', unsure: true };
const behind: BargeInDecision = { ...unsure, reason: 'words behind', awaitsWords: true };
const backchannel: BargeInDecision = { action: 'resume', reason: 'backchannel "yeah"' };
const stop: BargeInDecision = { action: 'stop', reason: 'stop word "wait"' };

/** A sound from 1 s to 1.6 s whose words were told to cover up to `coveredToMs`. */
function sound(coveredToMs?: number): SoundOverReply {
  const s = new SoundOverReply(1000, undefined, coveredToMs !== undefined);
  s.lastLoudMs = 1600;
  if (coveredToMs !== undefined) s.coveredToMs = coveredToMs;
  return s;
}

/** A hold begun at 2 s for turn 2's utterance. */
function held(s = sound()): BargeInHold {
  const hold = new BargeInHold();
  hold.begin(s, unsure, 2, 2000);
  return hold;
}

describe('BargeInHold', () => {
  it('holds only an end whose words are unsure, and asks a level hum for its reading', () => {
    const hold = new BargeInHold();
    expect(hold.begin(sound(), backchannel, 2, 2000)).toBeNull();
    const stopped = sound();
    stopped.stopped = true;
    expect(hold.begin(stopped, unsure, 2, 2000)).toBeNull();
    expect(hold.active).toBe(false);
    const hum = sound();
    expect(hold.begin(hum, { ...unsure, awaitsReading: true }, 2, 2000)).toEqual({
      readWhole: true,
    });
    expect([hold.active, hum.readingAskedAtMs]).toEqual([true, 2000]);
  });

  it('waits HOLD_END_MS, counted again from when words can come again', () => {
    const s = sound();
    const hold = held(s);
    expect(hold.timedOut(2000 + HOLD_END_MS - 1)).toBe(false);
    expect(hold.timedOut(2000 + HOLD_END_MS)).toBe(true);
    hold.wordsAgain(s, 5000);
    expect(s.wordsAgainFromMs).toBe(5000);
    expect(hold.timedOut(2000 + HOLD_END_MS)).toBe(false);
    expect(hold.timedOut(5000 + HOLD_END_MS)).toBe(true);
  });

  it('releases the end as its turn when the words take it', () => {
    const s = sound();
    const hold = held(s);
    expect(hold.settle(s, stop, false, false)).toEqual({ type: 'take', turnId: 2 });
    expect(hold.active).toBe(false);
  });

  it('drops the end once the wait is over with its words still unsure, or at once on a backchannel', () => {
    const s = sound();
    const hold = held(s);
    expect(hold.settle(s, unsure, false, false)).toEqual({ type: 'wait' });
    expect(hold.settle(s, unsure, true, false)).toEqual({
      type: 'drop',
      behind: false,
      reason: 'too few words',
    });
    const again = held(s);
    expect(again.settle(s, backchannel, false, false)).toMatchObject({ type: 'drop' });
  });

  it('waits past its time for words that do not reach the sound’s end, and says they stayed behind', () => {
    const s = sound(1200);
    const hold = held(s);
    expect(hold.settle(s, behind, true, false)).toEqual({ type: 'wait' });
    expect(hold.settle(s, unsure, true, false)).toEqual({
      type: 'drop',
      behind: true,
      reason: 'too few words',
    });
  });

  it('is settled on what was heard when the user speaks again', () => {
    const s = sound(1200);
    const hold = held(s);
    expect(hold.settle(s, behind, false, true)).toEqual({
      type: 'drop',
      behind: false,
      reason: 'words behind',
    });
  });
});
