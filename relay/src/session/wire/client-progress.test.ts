import { describe, expect, it } from 'vitest';
import type { Urgency } from './client-channel.ts';
import { ClientProgress, type ProgressFrom } from './client-progress.ts';

/** A session's count of the client's progress, and the acks it sent, in order. */
function progress(from?: ProgressFrom) {
  const acks: { seq: number; urgency: Urgency }[] = [];
  const p = new ClientProgress((seq, urgency) => acks.push({ seq, urgency }), from);
  return { p, acks };
}

describe('the client’s progress, as a session counts it', () => {
  it('a new session: turn ids only go up, and each ack goes out once, without hurry', () => {
    const { p, acks } = progress();
    p.assertNew(0);
    p.take(1);
    expect(() => p.assertNew(1)).toThrow(/increase/);
    expect(() => p.assertNew(0)).toThrow(/increase/);
    p.assertNew(2);
    // Turn 1's audio (seq 0–7) is stored; a late ack of less says nothing again.
    p.acknowledge(7);
    p.acknowledge(5);
    p.acknowledge(7);
    expect(acks).toEqual([{ seq: 7, urgency: 'soon' }]);
    expect(p.ackedSeq).toBe(7);
    // Nothing is a replay before a client resumed.
    expect(p.isReplay(1)).toBe(false);
    expect(p.isReplayedFrame(1, 3)).toBe(false);
  });

  it('after a resume, messages of turns already handled are replays; a new turn is not', () => {
    const { p } = progress();
    p.take(3);
    p.acknowledge(20);
    p.expectReplays();
    expect(p.isReplay(3)).toBe(true);
    expect(p.isReplay(4)).toBe(false);
    // Audio of a handled turn, or already acknowledged: the client resent it.
    expect(p.isReplayedFrame(3, 25)).toBe(true);
    expect(p.isReplayedFrame(4, 20)).toBe(true);
    expect(p.isReplayedFrame(4, 21)).toBe(false);
  });

  it('a replayed end of a turn answered gets its lost ack again, at once; one being answered, nothing', () => {
    const { p, acks } = progress();
    p.take(2);
    p.acknowledge(9);
    p.expectReplays();
    acks.length = 0;
    // Turn 2 was answered and its audio acknowledged: the client did not see the ack.
    expect(p.endReplayed(2, 9)).toBe(true);
    expect(acks).toEqual([{ seq: 9, urgency: 'now' }]);
    // Turn 2's audio up to 14 is still being answered: its ack comes when it is stored.
    expect(p.endReplayed(2, 14)).toBe(true);
    expect(acks).toHaveLength(1);
    // Turn 3 was never started here: not a replay.
    expect(p.endReplayed(3, 20)).toBe(false);
  });

  it('a cancel of an utterance gone acknowledges what was refused, or repeats the ack', () => {
    const { p, acks } = progress();
    p.acknowledge(4);
    // The recognition limits refused turn 2, whose audio ran to seq 12: the client may drop it.
    p.cancelledGone(12);
    // Cancelled again (the client resent it): the ack again, at once.
    p.cancelledGone(-1);
    expect(acks).toEqual([
      { seq: 4, urgency: 'soon' },
      { seq: 12, urgency: 'soon' },
      { seq: 12, urgency: 'now' },
    ]);
  });

  it('a session restored after a restart counts on from its saved state and expects replays', () => {
    const { p, acks } = progress({ lastTurnId: 5, ackedSeq: 40, resumed: true });
    expect(p.replaysExpected).toBe(true);
    expect(p.isReplay(5)).toBe(true);
    expect(() => p.assertNew(5)).toThrow(/increase/);
    p.acknowledge(40);
    expect(acks).toEqual([]);
  });
});
